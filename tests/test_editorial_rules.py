"""Every checker rule, with the exact Danish line an editor sees from `invoke check`.

One table, one row per rule: each row writes a few files into a tiny site and runs the checker
in this process (`pelican_here`), as `invoke check` runs it.
"""

from dataclasses import dataclass

import pytest

from conftest import CONTENT, pelican_here

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


TITLE = "Loppemarked i Vangdalen samlede hele opgangen og mange af naboerne fra blokken"
FINE = (0, ["Indholdet er i orden."])


@dataclass
class Case:
    """Files written into the tiny site, the checker's settings, and what the editor must see."""

    files: dict
    code: int = 0
    lines: list | None = None  # the whole report
    first: str | None = None  # its first line
    first_starts: str | None = None  # the start of its first line
    settings: tuple = ()
    env: dict | None = None


def article(old=None, new=None, slug="x"):
    """The good article with one change, under its own slug."""
    text = ARTICLE.replace(old, new) if old else ARTICLE
    return text.replace("loppemarked", slug)


def a_real_photo():
    return next((CONTENT / "images" / "2014").glob("*.jpg")).read_bytes()  # the images plugin opens it


CASES = {
    "good content passes": Case({}, lines=FINE[1]),
    "unknown field is a warning": Case(
        {"x.md": ARTICLE.replace("Slug: loppemarked", "Slug: x\nTitel: Loppemarked")},
        lines=[
            'content/nyheder/2014/x.md:6: ADVARSEL [Titel] Feltet "Titel" kendes ikke. — ret stavningen; '
            "kendte felter er fx Title, Date, Author, Category, Tags, Summary, Slug, Image",
            "0 fejl og 1 advarsler i indholdet.",
        ],
    ),
    "extra fields can be allowed by a setting": Case(
        {"x.md": ARTICLE.replace("Slug: loppemarked", "Slug: x\nWeb_only: ja")},
        settings=('NORDBY_EXTRA_FIELDS=["Web_only"]',),
        lines=FINE[1],
    ),
    "missing field": Case(
        {"x.md": article("Author: Zeynep Kaya\n", "")},
        code=1,
        first="content/nyheder/2014/x.md:1: FEJL [Author] Feltet Author mangler. — skriv en linje 'Author: ' "
        "med dit navn, som det står i data/forfattere.yml",
    ),
    "date that does not parse": Case(
        {"x.md": article("2014-05-03 10:00", "sidste lørdag")},
        code=1,
        first='content/nyheder/2014/x.md:2: FEJL [Date] Datoen "sidste lørdag" kan ikke læses. — '
        "skriv den som ÅÅÅÅ-MM-DD TT:MM, fx 2014-03-12 10:00",
    ),
    "date after the build date is a warning": Case(
        {"x.md": article("2014-05-03", "2041-05-03")},
        env={"NORDBY_BUILD_DATE": "2014-12-31"},
        first="content/nyheder/2014/x.md:2: ADVARSEL [Date] Datoen 2041-05-03 ligger efter i dag (2014-12-31). — "
        "tjek årstallet; artiklen vises med den dato, den har",
    ),
    "unknown area": Case(
        {"x.md": article("Beboernetværk, inddragelse og demokrati", "Sport")},
        code=1,
        first_starts='content/nyheder/2014/x.md:4: FEJL [Category] Området "Sport" findes ikke. — brug et af '
        "områderne: Uddannelse, beskæftigelse og erhverv; Børn, unge og familie;",
    ),
    "unknown author": Case(
        {"x.md": article("Zeynep Kaya", "Zeynep Kaja")},
        code=1,
        first='content/nyheder/2014/x.md:3: FEJL [Author] Forfatteren "Zeynep Kaja" er ikke kendt. — '
        'mente du "Zeynep Kaya"? Ellers skriv navnet præcis som i data/forfattere.yml, eller tilføj personen dér',
    ),
    "photo that does not exist": Case(
        {"x.md": ARTICLE.replace("Slug: loppemarked", "Slug: x\nImage: images/2014/bod.jpg")},
        code=1,
        first='content/nyheder/2014/x.md:6: FEJL [Image] Billedet "images/2014/bod.jpg" findes ikke. — '
        "læg billedet i content/images/ og skriv stien derfra, fx images/2014/navn.jpg",
    ),
    "photo that exists passes": Case(
        {
            "../../images/bod.jpg": a_real_photo,
            "x.md": ARTICLE.replace(
                "Slug: loppemarked",
                "Slug: x\nImage: images/bod.jpg\nImage_alt: En bod med kager på loppemarkedet",
            ),
        },
        lines=FINE[1],
    ),
    "author photo that does not exist": Case(
        {
            "../../data/forfattere.yml": AUTHORS.replace(
                "  email: birgit", "  foto: images/birgit.jpg\n  email: birgit"
            )
        },
        code=1,
        first='content/data/forfattere.yml:6: FEJL [foto] Fotoet "images/birgit.jpg" af Birgit Holm findes ikke. — '
        "læg fotoet i content/images/ og skriv stien derfra, eller fjern linjen 'foto:'",
    ),
    "broken internal link": Case(
        {"x.md": article() + "\nSe [mere]({filename}/nyheder/2014/findes-ikke.md).\n"},
        code=1,
        first='content/nyheder/2014/x.md:9: FEJL Linket til "/nyheder/2014/findes-ikke.md" peger på en fil, '
        "der ikke findes. — ret stien, så den passer til en fil i content/, fx {filename}/nyheder/2014/navn.md",
    ),
    "link to a draft": Case(
        {
            "kladde.md": article("Date: 2014-05-03 10:00", "Status: draft", slug="kladde"),
            "x.md": article() + "\nSe [kladden]({filename}kladde.md).\n",
        },
        code=1,
        first='content/nyheder/2014/x.md:9: FEJL Linket til "kladde.md" peger på en kladde, som ikke er udgivet. — '
        "godkend den anden artikel først (./dev approve SLUG), eller fjern linket",
    ),
    "duplicate slug": Case(
        {"zz.md": ARTICLE},
        code=1,
        first='content/nyheder/2014/zz.md:5: FEJL [Slug] Adressen "loppemarked" bruges også af '
        "content/nyheder/2014/loppemarked.md. — giv den en anden 'Slug:', eller ret titlen, så den ikke "
        "ligner content/nyheder/2014/loppemarked.md",
    ),
    "headline too long for print": Case(
        {"x.md": article("Loppemarked i Vangdalen", TITLE)},
        first=f"content/nyheder/2014/x.md:1: ADVARSEL [Title] Overskriften er {len(TITLE)} tegn lang; "
        "i Nordbyposten er der plads til 70. — gør overskriften kortere",
    ),
    "headline limit can be raised by a setting": Case(
        {"x.md": article("Loppemarked i Vangdalen", TITLE)},
        settings=("NORDBY_HEADLINE_MAX_CHARS=100",),
        lines=FINE[1],
    ),
    "raw html that will be removed": Case(
        {
            "x.md": article(
                "Der var loppemarked i Vangdalen.\n",
                'Der var kage.\n\n<div onclick="alert(1)">Klik</div>\n\n<script>alert(2)</script>\n',
            )
        },
        lines=[
            f'content/nyheder/2014/x.md:9: ADVARSEL HTML-koden onclick="…" på <div> bliver fjernet. — {HTML_FIX}',
            f"content/nyheder/2014/x.md:11: ADVARSEL HTML-koden <script> bliver fjernet. — {HTML_FIX}",
            "0 fejl og 2 advarsler i indholdet.",
        ],
    ),
    "dangerous svg file": Case(
        {
            "../../extra/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script>\n</svg>\n'
        },
        code=1,
        first="content/extra/logo.svg:2: FEJL SVG-filen indeholder script, som kan køre på vores website. — "
        "gem billedet som JPEG eller PNG i stedet",
    ),
    "a draft needs no date": Case(
        {"x.md": article("Date: 2014-05-03 10:00", "Status: draft")},
        lines=FINE[1],
    ),
    "slug that could leave its folder": Case(
        {"x.md": ARTICLE.replace("Slug: loppemarked", "Slug: ../../Index")},
        code=1,
        first='content/nyheder/2014/x.md:5: FEJL [Slug] Adressen "../../Index" må kun have små bogstaver a-z, '
        "tal og bindestreger. — skriv fx 'Slug: loppemarked-i-vangdalen' (æ som ae, ø som oe, å som aa)",
    ),
}


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
    result = pelican_here(content, content.parent / "out", "NORDBY_CHECK_ONLY=true", *settings, env=env)
    assert "Traceback" not in result.stderr, result.stderr
    assert not (content.parent / "out" / "index.html").exists(), "the checker builds nothing"
    return result.returncode, result.stderr.strip().splitlines()


def write(content, name, text):
    """Write a file of the tiny site; names are relative to its nyheder/2014/ folder."""
    path = (content / "nyheder" / "2014" / name).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    if callable(text):
        text = text()
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_rule(content, case):
    for name, text in case.files.items():
        write(content, name, text)
    code, lines = check(content, *case.settings, env=case.env)
    assert code == case.code, lines
    if case.lines is not None:
        assert lines == case.lines
    if case.first is not None:
        assert lines[0] == case.first
    if case.first_starts is not None:
        assert lines[0].startswith(case.first_starts)


def test_every_problem_is_listed_at_once_errors_first(content):
    write(content, "a.md", article("Zeynep Kaya", "Ukendt", slug="a"))
    write(content, "b.md", ARTICLE.replace("Slug: loppemarked", "Slug: b\nForfatter: Birgit"))
    write(content, "c.md", article("2014-05-03 10:00", "i går", slug="c"))
    code, lines = check(content)
    assert code == 1
    assert [line.split(" ")[0:2] for line in lines[:-1]] == [
        ["content/nyheder/2014/a.md:3:", "FEJL"],
        ["content/nyheder/2014/c.md:2:", "FEJL"],
        ["content/nyheder/2014/b.md:6:", "ADVARSEL"],
    ]
    assert lines[-1] == "2 fejl og 1 advarsler i indholdet."


def test_a_bad_headline_setting_is_named(content):
    result = pelican_here(content, content.parent / "out", 'NORDBY_HEADLINE_MAX_CHARS="lang"')
    assert result.returncode != 0
    assert (
        "Indstillingen NORDBY_HEADLINE_MAX_CHARS skal være et helt tal på mindst 10, ikke 'lang'."
        in result.stderr
    )
    assert "Traceback" not in result.stderr
