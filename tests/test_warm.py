"""What the warm server (`./dev serve`) keeps from one build to the next in its one process."""

import pytest
from jinja2 import Environment, FileSystemLoader, TemplateSyntaxError
from nordby_incremental.carried import Carried, next_build
from nordby_incremental.templates import COMPILED, compile_theme, keep_compiled


class Generator:
    """Stands for a Pelican generator: what keep_compiled reads of one is its Jinja environment."""

    def __init__(self, folder, theme=None, **options):
        self.env = Environment(loader=FileSystemLoader(folder), **options)
        self.settings = {"CACHE_PATH": str(folder / "cache"), "THEME": theme}


def test_a_template_changed_between_builds_renders_its_new_text(tmp_path):
    template = tmp_path / "side.html"
    template.write_text("<p>Gammel tekst {{ navn }}</p>", encoding="utf-8")
    first = Generator(tmp_path)
    keep_compiled(first)
    assert first.env.get_template("side.html").render(navn="A") == "<p>Gammel tekst A</p>"
    template.write_text("<p>Ny tekst {{ navn }}</p>", encoding="utf-8")
    later = Generator(tmp_path)  # the next build's environment, given the same compiled templates
    keep_compiled(later)
    assert later.env.bytecode_cache is COMPILED
    assert later.env.get_template("side.html").render(navn="B") == "<p>Ny tekst B</p>"


class Counting(Environment):
    """A real Jinja environment that counts the templates it compiles from source."""

    compiled = 0

    def compile(self, *args, **kwargs):
        Counting.compiled += 1
        return super().compile(*args, **kwargs)


def test_a_build_in_a_new_process_reads_compiled_templates_from_the_cache_folder(tmp_path):
    template = tmp_path / "side.html"
    template.write_text("<p>Gammel tekst {{ navn }}</p>", encoding="utf-8")
    first = Generator(tmp_path)
    keep_compiled(first)
    first.env.get_template("side.html").render(navn="A")
    assert list((tmp_path / "cache" / "templates").iterdir()), "the compiled template is on disk"

    def new_process_build():
        later = Generator(tmp_path)
        later.env = Counting(loader=FileSystemLoader(tmp_path))
        COMPILED.store.clear()  # nothing in memory, as in a new process
        keep_compiled(later)
        return later.env.get_template("side.html").render(navn="B")

    Counting.compiled = 0
    assert new_process_build() == "<p>Gammel tekst B</p>"
    assert Counting.compiled == 0
    template.write_text("<p>Ny tekst {{ navn }}</p>", encoding="utf-8")
    assert new_process_build() == "<p>Ny tekst B</p>"  # a changed source is compiled again
    assert Counting.compiled == 1


def test_the_theme_compiled_while_the_paper_is_laid_out_serves_every_generator(tmp_path):
    templates = tmp_path / "theme" / "templates"
    (templates / "partials").mkdir(parents=True)
    (templates / "side.html").write_text("<p>{{ navn }}</p>", encoding="utf-8")
    (templates / "partials" / "liste.html").write_text("{{ xs | join(',') }}", encoding="utf-8")
    (templates / "i-stykker.html").write_text("{% if %}", encoding="utf-8")  # an editor's slip
    COMPILED.store.clear()
    first = Generator(templates, theme=tmp_path / "theme")
    keep_compiled(first)
    compile_theme(None)  # the broken template is left for the page that uses it

    later = Generator(templates, theme=tmp_path / "theme")  # a generator writing after the wait
    later.env = Counting(loader=FileSystemLoader(templates))
    keep_compiled(later)
    Counting.compiled = 0
    assert later.env.get_template("side.html").render(navn="A") == "<p>A</p>"
    assert later.env.get_template("partials/liste.html").render(xs=[1, 2]) == "1,2"
    assert Counting.compiled == 0, "compiled ahead, not again"
    with pytest.raises(TemplateSyntaxError):
        later.env.get_template("i-stykker.html")  # reported where it is used, as without the wait


def test_environments_with_other_options_never_share_compiled_code(tmp_path):
    (tmp_path / "liste.html").write_text("{% for x in xs %}\n  {{ x }}\n{% endfor %}\n", encoding="utf-8")
    plain, trimmed = Generator(tmp_path), Generator(tmp_path, trim_blocks=True, lstrip_blocks=True)
    for generator in (plain, trimmed):
        keep_compiled(generator)
    assert plain.env.get_template("liste.html").render(xs=[1]) == "\n  1\n"
    assert trimmed.env.get_template("liste.html").render(xs=[1]) == "  1\n"


def test_a_result_is_kept_for_the_next_build_and_forgotten_after_a_build_without_it():
    memo, made = Carried(), []

    def make(value):
        made.append(value)
        return value * 2

    assert memo.get("a", lambda: make(1)) == 2
    next_build()
    assert memo.get("a", lambda: make(1)) == 2  # asked again: taken as it was
    assert made == [1]
    next_build()  # a build that did not ask for it
    next_build()
    assert memo.get("a", lambda: make(1)) == 2
    assert made == [1, 1]  # made again
