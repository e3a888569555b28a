"""The sanitiser's pure functions: what survives, what goes, and what `invoke check` is told."""

from nordby_content.sanitize import clean_html, plain_text, removed_html


def test_pelican_placeholders_survive_for_later_resolution():
    html = '<p><a href="{filename}/nyheder/2014/x.md">x</a><img src="{static}/images/a.jpg" alt="a"></p>'
    assert clean_html(html) == html


def test_only_external_links_get_nofollow_noopener():
    html = (
        '<a href="https://example.org/">a</a><a href="//cdn.example/">b</a>'
        '<a href="/omraade/sundhed/">c</a><a href="mailto:redaktion@example.dk">d</a>'
    )
    assert clean_html(html) == (
        '<a href="https://example.org/" rel="nofollow noopener">a</a>'
        '<a href="//cdn.example/" rel="nofollow noopener">b</a>'
        '<a href="/omraade/sundhed/">c</a><a href="mailto:redaktion@example.dk">d</a>'
    )


def test_a_contributor_cannot_set_rel_or_target():
    html = '<a href="https://example.org/" rel="opener" target="_blank">a</a>'
    assert clean_html(html) == '<a href="https://example.org/" rel="nofollow noopener">a</a>'


def test_our_figures_and_pictures_are_kept():
    html = (
        '<figure><picture><source srcset="/a.webp 1x" type="image/webp">'
        '<img src="/a.jpg" alt="Børn på banen" width="800" height="600" loading="lazy"></picture>'
        "<figcaption>Fodboldskolen. Foto: Emir</figcaption></figure>"
    )
    assert clean_html(html) == html


def test_plain_text_titles():
    assert plain_text("<b>Fest</b> i   <i>Parken</i>") == "Fest i Parken"
    assert plain_text('Tom & Jerry siger "hej"') == 'Tom & Jerry siger "hej"'
    assert plain_text("&lt;script&gt;") == "&lt;script&gt;"
    assert plain_text("<script>alert(1)</script>Fest") == "Fest"


def test_removed_html_names_what_goes_and_where_to_look():
    found = removed_html('<p onclick="x">a</p><a href="javascript:alert(1)">b</a><iframe></iframe>')
    assert found == [
        ("onclick", 'onclick="…" på <p>'),
        ("javascript:alert(1)", 'href="javascript:alert(1)" på <a>'),
        ("<iframe", "<iframe>"),
    ]
    assert removed_html('<table><tr><th style="text-align: left;">A</th></tr></table>') == []
