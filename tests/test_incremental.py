"""Incremental builds (plugins/nordby_incremental): a rebuild writes what changed and nothing else,
and the site it leaves is byte for byte the site a build from scratch writes."""

import os
import shutil

import pytest

from conftest import BUILT_COPY_ENV, PAPER_CACHE, ROOT, _link_tree, pelican

TODAY = BUILT_COPY_ENV  # one fixed build date for every build of a test
ARTICLE = "nyheder/2014/linedance-i-jennumparken.md"  # printed in Nordbyposten 2014-2


def build(content, output, *settings):
    result = pelican(content, output, *settings, env=TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def cold_build(content, workspace, *settings):
    """A build from scratch into a new folder; the photo and PDF caches are keyed by content, so shared:
    the issues the rebuild in out/ laid out are found by their input keys, as a developer's tree keeps
    them (a layout is input to output; the pages and the issues' input are made anew from scratch)."""
    output, cache = workspace / "cold", workspace / "shared-cache"
    shutil.rmtree(output, ignore_errors=True)
    _link_tree(workspace / "out-cache" / PAPER_CACHE, cache / PAPER_CACHE)
    build(content, output, f'CACHE_PATH="{cache}"', "LOAD_CONTENT_CACHE=false", *settings)
    return output


def files(folder):
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}


def assert_same_site(incremental, cold):
    ours, fresh = files(incremental), files(cold)
    assert sorted(ours) == sorted(fresh), {
        "only in rebuild": ours.keys() - fresh.keys(),
        "missing": fresh.keys() - ours.keys(),
    }
    differ = [name for name in fresh if ours[name].read_bytes() != fresh[name].read_bytes()]
    assert not differ, f"the rebuild left these files different from a fresh build: {differ}"


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def workspace(built_copy):
    """The sample content built once into out/ (with today's date, as TODAY builds)."""
    return built_copy


def test_a_rebuild_without_changes_leaves_every_file_alone(workspace):
    out = workspace / "out"
    before = {name: path.stat().st_mtime_ns for name, path in files(out).items()}
    (out / "index.html").unlink()  # someone removed a file by hand: the rebuild brings it back
    build(workspace / "content", out)
    after = {name: path.stat().st_mtime_ns for name, path in files(out).items()}
    assert after.keys() == before.keys()
    # Pelican itself copies the theme's files again on every build; everything else is ours.
    touched = [name for name in before if after[name] != before[name] and not name.startswith("theme/")]
    assert touched == ["index.html"], touched


def test_a_changed_text_is_rewritten_where_it_shows_and_matches_a_fresh_build(workspace):
    content, out = workspace / "content", workspace / "out"
    page = out / "nyheder" / "2014" / "linedance-i-jennumparken" / "index.html"
    home_before = (out / "index.html").stat().st_mtime_ns
    edit(content / ARTICLE, "\n\n", "\n\nDansegulvet er nyt, og alle kan være med.\n\n")
    build(content, out)
    assert "Dansegulvet er nyt" in page.read_text(encoding="utf-8")
    assert (out / "index.html").stat().st_mtime_ns == home_before  # lists show summaries, not the text
    assert_same_site(out, cold_build(content, workspace))


def test_titles_new_and_deleted_articles_and_templates_match_a_fresh_build(workspace):
    content, out = workspace / "content", workspace / "out"
    edit(content / ARTICLE, "Title: ", "Title: Nyt: ")
    gone = content / "nyheder" / "2014" / "kagelaeserne-laeseklub-med-kaffe-og-kage.md"
    gone.unlink()  # also from Nordbyposten 2014-1, which picks its articles by date
    gone_slug = "kagelaeserne-laeseklub-med-kaffe-og-kage"
    new = content / "nyheder" / "2014" / "ny-artikel.md"
    new.write_text(
        (content / ARTICLE)
        .read_text(encoding="utf-8")
        .replace("Slug: ", "Slug: ny-")
        .replace("Title: Nyt:", "Title: Ny:"),
        encoding="utf-8",
    )
    theme = workspace / "theme"
    shutil.copytree(ROOT / "theme", theme)
    edit(theme / "templates" / "base.html", "</footer>", "<p>Ny linje i bunden.</p></footer>")
    settings = (f'THEME="{theme}"',)
    build(content, out, *settings)
    assert not (out / "nyheder" / "2014" / gone_slug).exists(), "the deleted article's page is gone"
    assert "Ny linje i bunden." in (out / "kontakt" / "index.html").read_text(encoding="utf-8")
    assert_same_site(out, cold_build(content, workspace, *settings))


def test_cached_articles_link_to_the_current_address_of_what_they_link_to(built_copy):
    content, tmp_path = built_copy / "content", built_copy  # built once already: its articles are cached
    target = content / "nyheder" / "2014" / "bankraadgiver-giver-gratis-raad-om-penge.md"
    target.write_text(
        target.read_text(encoding="utf-8").replace(
            "Slug: bankraadgiver-giver-gratis-raad-om-penge", "Slug: bankraadgiver"
        ),
        encoding="utf-8",
    )
    # the linking article comes from the cache
    assert pelican(content, tmp_path / "out", env=BUILT_COPY_ENV).returncode == 0
    linking = tmp_path / "out" / "nyheder" / "2014" / "pengeraadgivningen-fik-52-henvendelser" / "index.html"
    assert "/nyheder/2014/bankraadgiver/" in linking.read_text(encoding="utf-8")


def test_a_value_without_a_digest_is_never_taken_as_unchanged():
    """A plugin object the digests do not know makes every page given it render, on every page."""
    from nordby_incremental.fingerprint import Fingerprints, Unknown  # noqa: PLC0415

    fingerprints, shared = Fingerprints(), [object()]
    for _ in range(2):  # the second page given the same list must not get a digest either
        with pytest.raises(Unknown):
            fingerprints.digest({"articles": shared})


def test_an_editors_lock_file_does_not_break_the_digest(tmp_path):
    """Emacs leaves `.#name.md` as a link to nowhere while a file is being edited."""
    from nordby_incremental.sources import sources_digest  # noqa: PLC0415

    (tmp_path / "content").mkdir()
    (tmp_path / "content" / ".#artikel.md").symlink_to(tmp_path / "findes-ikke")
    settings = {"THEME": str(tmp_path / "content"), "PLUGIN_PATHS": [], "PATH": str(tmp_path / "content")}
    assert sources_digest(settings, {}) == sources_digest(settings, {})


def test_a_list_page_changes_with_any_article_of_its_list_and_with_nothing_else():
    """A list's page is digested through its paginator (its whole list, once): a page's digest changes
    when an article moves onto it or off it, a neighbour page appears, or the list changes anywhere."""
    from nordby_incremental.fingerprint import Fingerprints  # noqa: PLC0415
    from pelican.paginator import Paginator  # noqa: PLC0415
    from pelican.settings import DEFAULT_CONFIG  # noqa: PLC0415

    settings = {**DEFAULT_CONFIG, "DEFAULT_ORPHANS": 0}

    def page_digest(items, number=1, per_page=2):
        page = Paginator("emne/x/index.html", "emne/x/", items, settings, per_page).page(number)
        return Fingerprints().digest({"articles_page": page})

    items = ["a", "b", "c", "d", "e"]
    assert page_digest(items) == page_digest(list(items))  # equal lists, made anew by the next build
    assert page_digest(items) != page_digest(["a", "b", "c", "d", "f"])  # the last page's article
    assert page_digest(items) != page_digest(["a", "b", "c", "d"])  # one page less: no third page
    assert page_digest(items, 2) != page_digest(items, 3)
    assert page_digest(items) != page_digest(items, per_page=3)


def test_a_photo_is_the_same_to_a_page_before_and_after_its_files_are_made():
    """A first build writes its pages while the photos are made: their sizes in bytes are not known
    yet, and no page shows them. With them in the digests, the build after a first build wrote every
    page again. What a page does show (a variant's width, its address) still counts."""
    from nordby_incremental.fingerprint import Fingerprints  # noqa: PLC0415

    from nordby_images.markup import Photo, Variant  # noqa: PLC0415

    def photo(nbytes, width=480):
        variant = Variant(f"billeder/park-{width}.0fe2cf0b00.webp", width, 360, "webp", nbytes, "a1/480.webp")
        return Photo("images/park.jpg", ROOT / "content/images/park.jpg", 2240, 1680, [variant])

    planned, made = Fingerprints().digest(photo(None)), Fingerprints().digest(photo(31337))
    assert planned == made
    assert Fingerprints().digest(photo(31337, width=960)) != made


class _Writing:
    """A generator that writes one file through the writer, as the calendar and the feeds do."""

    write_beside = True

    def __init__(self, name, fail=False):
        self.name, self.fail = name, fail

    def generate_output(self, writer):
        if self.fail:
            raise ValueError(f"{self.name}: skabelonen mangler")
        (writer.manifest.output / self.name).write_text(str(os.getpid()), encoding="utf-8")
        writer.manifest.record(self.name, f"digest of {self.name}")
        writer.rendered.append(self.name)


def _writer(tmp_path):
    from nordby_incremental.writer import IncrementalWriter  # noqa: PLC0415

    (tmp_path / "output").mkdir()
    return IncrementalWriter(str(tmp_path / "output"), settings={"CACHE_PATH": str(tmp_path / "cache")})


def test_a_first_build_writes_the_calendar_and_feeds_in_a_child_and_records_them(tmp_path, monkeypatch):
    """The calendar's and the feeds' files are written by a child while the build writes the
    rest; by the last one's turn they are all there, and recorded for the next build's comparison."""
    from nordby_incremental import beside  # noqa: PLC0415
    from pelican import signals  # noqa: PLC0415

    monkeypatch.setattr(signals.content_written, "receivers", {})  # no development server listening
    writer = _writer(tmp_path)
    feeds, calendar = _Writing("feeds.xml"), _Writing("kalender.html")
    assert beside.wanted(writer, [object(), feeds, calendar]) == [feeds, calendar]
    beside.Beside(writer, [feeds, calendar])
    feeds.generate_output(writer)  # its turn: written by the child
    calendar.generate_output(writer)  # the last one's turn: the build waits for the child
    for name in ("feeds.xml", "kalender.html"):
        written_by = (tmp_path / "output" / name).read_text(encoding="utf-8")
        assert written_by != str(os.getpid()), "written by the child"
        assert writer.manifest.current[name] == f"digest of {name}"
    assert writer.rendered == ["feeds.xml", "kalender.html"]

    monkeypatch.setattr(signals.content_written, "receivers", {1: print})  # the development server
    assert beside.wanted(writer, [feeds, calendar]) == []
    monkeypatch.setattr(signals.content_written, "receivers", {})
    writer.manifest.previous = {"feeds.xml": ["digest", None]}  # built before: nothing is forked
    assert beside.wanted(writer, [feeds, calendar]) == []


def test_an_error_in_the_child_is_raised_in_the_build_at_the_generators_turn(tmp_path):
    """A broken template of the calendar stops the build as it did when the build wrote it itself,
    and nothing of it is recorded as made."""
    from nordby_incremental import beside  # noqa: PLC0415

    writer = _writer(tmp_path)
    broken = _Writing("kalender.html", fail=True)
    beside.Beside(writer, [_Writing("feeds.xml"), broken])
    with pytest.raises(ValueError, match=r"kalender\.html: skabelonen mangler"):
        broken.generate_output(writer)
    assert "kalender.html" not in writer.manifest.current
