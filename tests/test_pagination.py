"""Paginated lists get their own folders, so author "X 1" page 2 never overwrites author "X 12"."""

from bs4 import BeautifulSoup

from conftest import pelican_here

AREA = "Sundhed"


def write_site(root):
    (root / "data").mkdir(parents=True)
    (root / "data" / "forfattere.yml").write_text(
        "- navn: Ole 1\n  bio: Første Ole.\n- navn: Ole 12\n  bio: Anden Ole.\n", encoding="utf-8"
    )
    articles = root / "nyheder" / "2014"
    articles.mkdir(parents=True)
    for author in ("Ole 1", "Ole 12"):
        for n in range(1, 4):
            slug = f"{author.replace(' ', '')}-{n}".lower()
            (articles / f"{slug}.md").write_text(
                f"Title: Nyhed {n} af {author}\nDate: 2014-0{n}-0{n} 10:00\nAuthor: {author}\n"
                f"Category: {AREA}\nSlug: {slug}\n\nTekst.\n",
                encoding="utf-8",
            )


def titles(path):
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return [a.get_text() for a in page.select(".teaser-title a")]


def test_author_pages_do_not_collide(tmp_path):
    write_site(tmp_path / "content")
    out = tmp_path / "out"
    result = pelican_here(tmp_path / "content", out, "DEFAULT_PAGINATION=1", "DEFAULT_ORPHANS=0")
    assert result.returncode == 0, result.stderr
    ole1_page2 = out / "forfatter" / "ole-1" / "side" / "2" / "index.html"
    ole12_page1 = out / "forfatter" / "ole-12" / "index.html"
    assert titles(ole1_page2) == ["Nyhed 2 af Ole 1"]
    assert titles(ole12_page1) == ["Nyhed 3 af Ole 12"]
    assert (out / "side" / "6" / "index.html").exists()
    next_link = BeautifulSoup(ole12_page1.read_text(encoding="utf-8"), "html.parser").select_one(
        "a[rel=next]"
    )
    assert next_link["href"] == "/forfatter/ole-12/side/2/"
