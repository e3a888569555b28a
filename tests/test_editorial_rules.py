"""Every checker rule, with the exact Danish line an editor sees from `invoke check`."""

import pytest

from conftest import CONTENT, pelican

AUTHORS = """- navn: Zeynep Kaya
  bio: "Zeynep skriver om unge."
  email: zeynep@example.dk
- navn: Birgit Holm
  bio: "Birgit skriver om bøger."
  email: birgit@example.dk
"""
ARTICLE = """Title: Loppemarked i Vangdalen
Date: 2014-05-03 10:00
Author: Zeynep Kaya
Category: Beboernetværk, inddragelse og demokrati
Slug: loppemarked

Der var loppemarked i Vangdalen.
"""
HTML_FIX = "skriv teksten i Markdown i stedet; se guiden 'Bliv borgerjournalist'"


@pytest.fixture
def content(tmp_path):
    """A tiny site: two citizen journalists and one good article."""
    root = tmp_path / "content"
    for folder in ("data", "nyheder/2014", "pages", "images"):
        (root / folder).mkdir(parents=True)
    (root / "data" / "forfattere.yml").write_text(AUTHORS, encoding="utf-8")
    (root / "nyheder" / "2014" / "loppemarked.md").write_text(ARTICLE, encoding="utf-8")
    return root


def check(content, *settings, env=None):
    """Run the checker as `invoke check` does; returns (exit code, the report lines)."""
    result = pelican(content, content.parent / "out", "NORDBY_CHECK_ONLY=true", *settings, env=env)
    assert "Traceback" not in result.stderr, result.stderr
    assert not (content.parent / "out" / "index.html").exists(), "the checker builds nothing"
    return result.returncode, result.stderr.strip().splitlines()


def write(content, name, text):
    path = content / "nyheder" / "2014" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_content_passes(content):
    assert check(content) == (0, ["Indholdet er i orden."])


def test_unknown_field_is_a_warning(content):
    write(content, "x.md", ARTICLE.replace("Slug: loppemarked", "Slug: x\nTitel: Loppemarked"))
    code, lines = check(content)
    assert code == 0
    assert lines == [
        'content/nyheder/2014/x.md:6: ADVARSEL [Titel] Feltet "Titel" kendes ikke. — ret stavningen; '
        "kendte felter er fx Title, Date, Author, Category, Tags, Summary, Slug, Image",
        "0 fejl og 1 advarsler i indholdet.",
    ]


def test_extra_fields_can_be_allowed_by_a_setting(content):
    write(content, "x.md", ARTICLE.replace("Slug: loppemarked", "Slug: x\nWeb_only: ja"))
    assert check(content, 'NORDBY_EXTRA_FIELDS=["Web_only"]') == (0, ["Indholdet er i orden."])


def test_missing_field(content):
    write(content, "x.md", ARTICLE.replace("Author: Zeynep Kaya\n", "").replace("loppemarked", "x"))
    code, lines = check(content)
    assert code == 1
    assert lines[0] == (
        "content/nyheder/2014/x.md:1: FEJL [Author] Feltet Author mangler. — skriv en linje 'Author: ' "
        "med dit navn, som det står i data/forfattere.yml"
    )


def test_date_that_does_not_parse(content):
    write(content, "x.md", ARTICLE.replace("2014-05-03 10:00", "sidste lørdag").replace("loppemarked", "x"))
    code, lines = check(content)
    assert code == 1
    assert lines[0] == (
        'content/nyheder/2014/x.md:2: FEJL [Date] Datoen "sidste lørdag" kan ikke læses. — '
        "skriv den som ÅÅÅÅ-MM-DD TT:MM, fx 2014-03-12 10:00"
    )


def test_date_after_the_build_date_is_a_warning(content):
    write(content, "x.md", ARTICLE.replace("2014-05-03", "2041-05-03").replace("loppemarked", "x"))
    code, lines = check(content, env={"NORDBY_BUILD_DATE": "2014-12-31"})
    assert code == 0
    assert lines[0] == (
        "content/nyheder/2014/x.md:2: ADVARSEL [Date] Datoen 2041-05-03 ligger efter i dag (2014-12-31). — "
        "tjek årstallet; artiklen vises med den dato, den har"
    )


def test_unknown_area(content):
    write(
        content,
        "x.md",
        ARTICLE.replace("Beboernetværk, inddragelse og demokrati", "Sport").replace("loppemarked", "x"),
    )
    code, lines = check(content)
    assert code == 1
    assert lines[0].startswith(
        'content/nyheder/2014/x.md:4: FEJL [Category] Området "Sport" findes ikke. — brug et af områderne: '
        "Uddannelse, beskæftigelse og erhverv; Børn, unge og familie;"
    )


def test_unknown_author(content):
    write(content, "x.md", ARTICLE.replace("Zeynep Kaya", "Zeynep Kaja").replace("loppemarked", "x"))
    code, lines = check(content)
    assert code == 1
    assert lines[0] == (
        'content/nyheder/2014/x.md:3: FEJL [Author] Forfatteren "Zeynep Kaja" er ikke kendt. — '
        'mente du "Zeynep Kaya"? Ellers skriv navnet præcis som i data/forfattere.yml, eller tilføj personen dér'
    )


def test_photo_that_does_not_exist(content):
    write(content, "x.md", ARTICLE.replace("Slug: loppemarked", "Slug: x\nImage: images/2014/bod.jpg"))
    code, lines = check(content)
    assert code == 1
    assert lines[0] == (
        'content/nyheder/2014/x.md:6: FEJL [Image] Billedet "images/2014/bod.jpg" findes ikke. — '
        "læg billedet i content/images/ og skriv stien derfra, fx images/2014/navn.jpg"
    )


def test_photo_that_exists_passes(content):
    sample = next((CONTENT / "images" / "2014").glob("*.jpg"))  # a real photo: the images plugin opens it
    (content / "images" / "bod.jpg").write_bytes(sample.read_bytes())
    header = "Slug: x\nImage: images/bod.jpg\nImage_alt: En bod med kager på loppemarkedet"
    write(content, "x.md", ARTICLE.replace("Slug: loppemarked", header))
    assert check(content) == (0, ["Indholdet er i orden."])


def test_author_photo_that_does_not_exist(content):
    registry = content / "data" / "forfattere.yml"
    registry.write_text(AUTHORS.replace("  email: birgit", "  foto: images/birgit.jpg\n  email: birgit"))
    code, lines = check(content)
    assert code == 1
    assert lines[0] == (
        'content/data/forfattere.yml:6: FEJL [foto] Fotoet "images/birgit.jpg" af Birgit Holm findes ikke. — '
        "læg fotoet i content/images/ og skriv stien derfra, eller fjern linjen 'foto:'"
    )


def test_broken_internal_link(content):
    text = ARTICLE.replace("loppemarked", "x") + "\nSe [mere]({filename}/nyheder/2014/findes-ikke.md).\n"
    write(content, "x.md", text)
    code, lines = check(content)
    assert code == 1
    assert lines[0] == (
        'content/nyheder/2014/x.md:9: FEJL Linket til "/nyheder/2014/findes-ikke.md" peger på en fil, '
        "der ikke findes. — ret stien, så den passer til en fil i content/, fx {filename}/nyheder/2014/navn.md"
    )


def test_link_to_a_draft(content):
    write(
        content,
        "kladde.md",
        ARTICLE.replace("loppemarked", "kladde").replace("Date: 2014-05-03 10:00", "Status: draft"),
    )
    text = ARTICLE.replace("loppemarked", "x") + "\nSe [kladden]({filename}kladde.md).\n"
    write(content, "x.md", text)
    code, lines = check(content)
    assert code == 1
    assert lines[0] == (
        'content/nyheder/2014/x.md:9: FEJL Linket til "kladde.md" peger på en kladde, som ikke er udgivet. — '
        "godkend den anden artikel først (./dev approve SLUG), eller fjern linket"
    )


def test_duplicate_slug(content):
    write(content, "zz.md", ARTICLE)
    code, lines = check(content)
    assert code == 1
    assert lines[0] == (
        'content/nyheder/2014/zz.md:5: FEJL [Slug] Adressen "loppemarked" bruges også af '
        "content/nyheder/2014/loppemarked.md. — giv den en anden 'Slug:', eller ret titlen, så den ikke "
        "ligner content/nyheder/2014/loppemarked.md"
    )


def test_headline_too_long_for_print(content):
    title = "Loppemarked i Vangdalen samlede hele opgangen og mange af naboerne fra blokken"
    write(content, "x.md", ARTICLE.replace("Loppemarked i Vangdalen", title).replace("loppemarked", "x"))
    code, lines = check(content)
    assert code == 0
    assert lines[0] == (
        f"content/nyheder/2014/x.md:1: ADVARSEL [Title] Overskriften er {len(title)} tegn lang; "
        "i Nordbyposten er der plads til 70. — gør overskriften kortere"
    )
    assert check(content, "NORDBY_HEADLINE_MAX_CHARS=100") == (0, ["Indholdet er i orden."])


def test_raw_html_that_will_be_removed(content):
    body = 'Der var kage.\n\n<div onclick="alert(1)">Klik</div>\n\n<script>alert(2)</script>\n'
    text = ARTICLE.replace("Der var loppemarked i Vangdalen.\n", body).replace("loppemarked", "x")
    write(content, "x.md", text)
    code, lines = check(content)
    assert code == 0
    assert lines == [
        f'content/nyheder/2014/x.md:9: ADVARSEL HTML-koden onclick="…" på <div> bliver fjernet. — {HTML_FIX}',
        f"content/nyheder/2014/x.md:11: ADVARSEL HTML-koden <script> bliver fjernet. — {HTML_FIX}",
        "0 fejl og 2 advarsler i indholdet.",
    ]


def test_dangerous_svg_file(content):
    (content / "extra").mkdir()
    (content / "extra" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script>\n</svg>\n', encoding="utf-8"
    )
    code, lines = check(content)
    assert code == 1
    assert lines[0] == (
        "content/extra/logo.svg:2: FEJL SVG-filen indeholder script, som kan køre på vores website. — "
        "gem billedet som JPEG eller PNG i stedet"
    )


def test_a_draft_needs_no_date(content):
    write(
        content,
        "x.md",
        ARTICLE.replace("loppemarked", "x").replace("Date: 2014-05-03 10:00", "Status: draft"),
    )
    assert check(content) == (0, ["Indholdet er i orden."])


def test_every_problem_is_listed_at_once_errors_first(content):
    write(content, "a.md", ARTICLE.replace("Zeynep Kaya", "Ukendt").replace("loppemarked", "a"))
    write(content, "b.md", ARTICLE.replace("Slug: loppemarked", "Slug: b\nForfatter: Birgit"))
    write(content, "c.md", ARTICLE.replace("2014-05-03 10:00", "i går").replace("loppemarked", "c"))
    code, lines = check(content)
    assert code == 1
    assert [line.split(" ")[0:2] for line in lines[:-1]] == [
        ["content/nyheder/2014/a.md:3:", "FEJL"],
        ["content/nyheder/2014/c.md:2:", "FEJL"],
        ["content/nyheder/2014/b.md:6:", "ADVARSEL"],
    ]
    assert lines[-1] == "2 fejl og 1 advarsler i indholdet."


def test_a_bad_headline_setting_is_named(content):
    result = pelican(content, content.parent / "out", 'NORDBY_HEADLINE_MAX_CHARS="lang"')
    assert result.returncode != 0
    assert (
        "Indstillingen NORDBY_HEADLINE_MAX_CHARS skal være et helt tal på mindst 10, ikke 'lang'."
        in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_slug_that_could_leave_its_folder(content):
    write(content, "x.md", ARTICLE.replace("Slug: loppemarked", "Slug: ../../Index"))
    code, lines = check(content)
    assert code == 1
    assert lines[0] == (
        'content/nyheder/2014/x.md:5: FEJL [Slug] Adressen "../../Index" må kun have små bogstaver a-z, '
        "tal og bindestreger. — skriv fx 'Slug: loppemarked-i-vangdalen' (æ som ae, ø som oe, å som aa)"
    )
