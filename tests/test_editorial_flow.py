"""The editor's path: new-article -> check -> approve -> build; drafts only in the preview."""

import contextlib
import functools
import http.server
import threading

import yaml
from bs4 import BeautifulSoup

from conftest import CONTENT, ROOT, _QuietHandler, copy_project, invoke, pelican, run_axe  # noqa: F401 - copy_project: other modules import it from here

SAMPLE_DRAFT = CONTENT / "nyheder" / "indsendt" / "ny-legeplads-ved-glarbjergvej.md"


@contextlib.contextmanager
def serving(folder):
    """Serve folder over HTTP on loopback; yields the base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def public_files(output):
    """Every file of a build, as text where it is text."""
    return {
        p.relative_to(output).as_posix(): p.read_bytes().decode("utf-8", "replace")
        for p in output.rglob("*")
        if p.is_file()
    }


def test_new_article_check_approve_build_round_trip(project):
    created = invoke(
        project,
        "new-article",
        "--titel",
        "Loppemarked på Nørrebro",
        "--forfatter",
        "Zeynep",
        "--omraade",
        "3",
    )
    assert created.returncode == 0, created.stderr
    draft = project / "content" / "nyheder" / "indsendt" / "loppemarked-paa-noerrebro.md"
    assert f"Kladden er oprettet: {draft.relative_to(project)}" in created.stdout
    assert "./dev approve loppemarked-paa-noerrebro" in created.stdout
    assert draft.read_text(encoding="utf-8").startswith(
        "Title: Loppemarked på Nørrebro\nAuthor: Zeynep Kaya\n"
        "Category: Beboernetværk, inddragelse og demokrati\nSlug: loppemarked-paa-noerrebro\nStatus: draft\n\n"
    )
    body = "\nDer var 20 boder og kage til alle.\n"
    draft.write_text(draft.read_text(encoding="utf-8") + body, encoding="utf-8")

    checked = invoke(project, "check")
    assert checked.returncode == 0, checked.stderr
    assert invoke(project, "build").returncode == 0
    assert not list((project / "output").rglob("*loppemarked-paa-noerrebro*"))

    before = draft.read_text(encoding="utf-8")
    # A date in no issue's period: the build after the approval lays out no issue of Nordbyposten again.
    approved = invoke(project, "approve", "loppemarked-paa-noerrebro", "--dato", "2026-06-14 10:00")
    assert approved.returncode == 0, approved.stderr
    assert "Godkendt:" in approved.stdout
    assert not draft.exists(), "an approved article leaves nyheder/indsendt/"
    moved = project / "content" / "nyheder" / "2026" / draft.name
    after = moved.read_text(encoding="utf-8")
    assert after.split("\n\n", 1)[1] == before.split("\n\n", 1)[1], "the body is untouched"
    assert "Status: published\n" in after and "Date: 2026-06-14 10:00\n" in after
    assert not [p for p in draft.parent.iterdir() if p.name.startswith(".")], "no temporary file left"
    assert not [p for p in moved.parent.iterdir() if p.name.startswith(".")], "no temporary file left"

    assert invoke(project, "check").returncode == 0
    assert invoke(project, "build").returncode == 0
    page = project / "output" / "nyheder" / "2026" / "loppemarked-paa-noerrebro" / "index.html"
    assert "Der var 20 boder og kage til alle." in page.read_text(encoding="utf-8")
    assert "loppemarked-paa-noerrebro" in (project / "output" / "feeds" / "alle.rss.xml").read_text()
    assert "loppemarked-paa-noerrebro" in (project / "output" / "sitemap.xml").read_text()


def test_new_article_never_overwrites_and_rejects_unknown_names(project):
    args = ["new-article", "--titel", "Babycaféen samler mødre", "--forfatter", "1", "--omraade", "Børn"]
    assert invoke(project, *args).returncode == 0
    assert invoke(project, *args).returncode == 0
    folder = project / "content" / "nyheder" / "indsendt"
    assert (folder / "babycafeen-samler-moedre.md").exists()
    assert (folder / "babycafeen-samler-moedre-2.md").exists()
    wrong = invoke(project, "new-article", "--titel", "X", "--forfatter", "Hans Hansen", "--omraade", "1")
    assert wrong.returncode != 0
    assert '"Hans Hansen" passer ikke til én forfatter. Vælg en af: Amira Hassan;' in wrong.stderr


def test_new_article_asks_for_what_it_is_not_given(project):
    result = invoke(project, "new-article", answers="Kagelæserne fylder ti år\nBirgit\n4\n")
    assert result.returncode == 0, result.stderr
    assert "Overskrift: " in result.stdout
    assert "Vælg forfatter:\n  1. Amira Hassan\n" in result.stdout
    assert "Vælg område:\n  1. Uddannelse, beskæftigelse og erhverv\n" in result.stdout
    draft = project / "content" / "nyheder" / "indsendt" / "kagelaeserne-fylder-ti-aar.md"
    assert "Author: Birgit Holm\nCategory: Sundhed\n" in draft.read_text(encoding="utf-8")
    silent = invoke(project, "new-article")
    assert silent.returncode != 0
    assert "Der kom intet svar." in silent.stderr and "Traceback" not in silent.stderr


def test_approve_only_approves_a_draft_once_and_reads_the_date(project):
    published = project / "content" / "nyheder" / "2014" / "babycafeen-samler-moedre.md"
    before = published.read_bytes()
    again = invoke(project, "approve", "babycafeen-samler-moedre")
    assert again.returncode != 0
    assert "er ikke en kladde (Status: published), så der er intet at godkende." in again.stderr
    assert published.read_bytes() == before, "a published article keeps its date"
    bad = invoke(project, "approve", "ny-legeplads-ved-glarbjergvej", "--dato", "i morgen")
    assert bad.returncode != 0
    assert 'Datoen "i morgen" kan ikke læses. Skriv den som ÅÅÅÅ-MM-DD TT:MM.' in bad.stderr
    copy = project / SAMPLE_DRAFT.relative_to(ROOT)
    assert copy.read_bytes() == SAMPLE_DRAFT.read_bytes(), "a failed approval changes nothing"


def test_approve_an_unknown_slug_changes_nothing(project):
    before = {p: p.read_bytes() for p in (project / "content").rglob("*.md")}
    result = invoke(project, "approve", "findes-ikke")
    assert result.returncode != 0
    assert 'Fandt ikke præcis én artikel med slug "findes-ikke"' in result.stderr
    assert {p: p.read_bytes() for p in (project / "content").rglob("*.md")} == before


def test_drafts_are_absent_from_every_public_output(site):
    """The sample content holds a submission waiting for review: nothing of it is public."""
    text = SAMPLE_DRAFT.read_text(encoding="utf-8")
    assert "Status: draft" in text
    title = text.splitlines()[0].removeprefix("Title: ")
    files = public_files(site)
    assert not any(name.startswith("kladder/") for name in files)
    leaks = [name for name, data in files.items() if title in data or "ny-legeplads-ved-glarbjergvej" in data]
    assert leaks == []
    assert "Beboerne har selv været med til at vælge" not in "".join(files.values())


def test_preview_shows_drafts_with_a_kladde_banner(browser, project):
    result = invoke(project, "preview")
    assert result.returncode == 0, result.stderr
    output = project / "output"
    # axe is injected as an inline script, which our own CSP would (rightly) block.
    context = browser.new_context(viewport={"width": 375, "height": 700}, bypass_csp=True)
    page = context.new_page()
    with serving(output) as base:
        page.goto(base + "/kladder/ny-legeplads-ved-glarbjergvej/")
        banner = page.locator(".draft-banner")
        assert banner.is_visible()
        assert banner.inner_text().startswith("KLADDE")
        assert banner.bounding_box()["y"] < 700, "the banner is seen without scrolling"
        page.screenshot(path=str(project.parent / "preview-draft.png"))
        assert run_axe(page) == []
        page.goto(base + "/kladder/")
        assert "./dev approve ny-legeplads-ved-glarbjergvej" in page.locator("main").inner_text()
        assert run_axe(page) == []
    context.close()
    published = output / "nyheder" / "2014" / "babycafeen-samler-moedre" / "index.html"
    assert "draft-banner" not in published.read_text(encoding="utf-8")


def test_no_contact_address_of_a_journalist_is_ever_published(site):
    authors = yaml.safe_load((CONTENT / "data" / "forfattere.yml").read_text(encoding="utf-8"))
    emails = [a["email"] for a in authors if a.get("email")]
    assert len(emails) == len(authors)
    files = public_files(site)
    for email in emails:
        assert [name for name, data in files.items() if email in data] == []


def test_author_page_shows_the_photo_from_the_registry(site):
    page = BeautifulSoup(
        (site / "forfatter" / "birgit-holm" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    img = page.select_one(".author-photo img")
    assert img["alt"] == "Foto af Birgit Holm"
    assert (site / img["src"].lstrip("/")).is_file()  # a processed variant, not the original
    assert not (site / "images" / "forfattere" / "birgit-holm.png").exists()


def test_public_build_of_a_copy_writes_no_draft_even_with_publish_settings(production_site):
    assert not (production_site / "kladder").exists()
    assert "ny-legeplads-ved-glarbjergvej" not in (production_site / "sitemap.xml").read_text()


def test_new_article_in_another_language_and_its_approval(project):
    """A translator starts from the Danish slug; a story written first in Arabic gets its own."""
    folder = project / "content" / "nyheder" / "indsendt"
    args = [
        "new-article",
        "--titel",
        "أكثر من 70 جارًا في حفلة عيد الميلاد",
        "--forfatter",
        "1",
        "--omraade",
        "2",
        "--sprog",
        "ar",
    ]
    made = invoke(project, *args, "--original", "over-70-naboer-holdt-julefest")
    assert made.returncode == 0, made.stderr
    text = (folder / "over-70-naboer-holdt-julefest.ar.md").read_text(encoding="utf-8")
    assert (
        "Slug: over-70-naboer-holdt-julefest\n" in text and "Lang: ar\n" in text and "Status: draft\n" in text
    )
    assert "./dev approve over-70-naboer-holdt-julefest --sprog ar" in made.stdout

    first = invoke(
        project, "new-article", "--titel", "Suuq cusub", "--forfatter", "1", "--omraade", "2", "--sprog", "so"
    )
    assert first.returncode == 0 and "uden en dansk udgave endnu" in first.stdout
    assert "Lang: so" in (folder / "suuq-cusub.so.md").read_text(encoding="utf-8")

    unknown = invoke(
        project, "new-article", "--titel", "X", "--forfatter", "1", "--omraade", "2", "--sprog", "tr"
    )
    assert (
        unknown.returncode != 0
        and 'Sproget "tr" kendes ikke' in unknown.stderr
        and "ar (العربية)" in unknown.stderr
    )
    missing = invoke(project, *args, "--original", "findes-ikke")
    assert missing.returncode != 0 and 'ingen dansk artikel med slug "findes-ikke"' in missing.stderr

    approved = invoke(
        project, "approve", "over-70-naboer-holdt-julefest", "--sprog", "ar", "--dato", "2014-03-13 09:00"
    )
    assert approved.returncode == 0, approved.stderr
    assert not (folder / "over-70-naboer-holdt-julefest.ar.md").exists()  # moved beside the year's articles
    approved_file = folder.parent / "2014" / "over-70-naboer-holdt-julefest.ar.md"
    text = approved_file.read_text(encoding="utf-8")
    assert "Date: 2014-03-13 09:00" in text and "Status: published" in text
    danish = invoke(project, "approve", "over-70-naboer-holdt-julefest")  # without --sprog: the Danish one
    assert danish.returncode != 0 and "er ikke en kladde (Status: published)" in danish.stderr
