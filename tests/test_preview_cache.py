"""Preview and normal builds share one output folder and one content cache, and must not leak into each other."""

import shutil

import pytest

from conftest import CONTENT, pelican

DRAFT = "ny-legeplads-ved-glarbjergvej"


@pytest.fixture(scope="module")
def small_content(tmp_path_factory):
    """The registries, one published article and the sample draft: enough for every plugin to run."""
    content = tmp_path_factory.mktemp("preview") / "content"
    shutil.copytree(CONTENT / "data", content / "data")
    shutil.copytree(CONTENT / "images" / "forfattere", content / "images" / "forfattere")
    (content / "nyheder" / "2014").mkdir(parents=True)
    (content / "images" / "2014").mkdir()
    shutil.copy(CONTENT / "images" / "2014" / "beboerraadet.jpg", content / "images" / "2014")
    shutil.copy(
        CONTENT / "nyheder" / "2014" / "beboerraadet-moedes-seks-gange-om-aaret.md",
        content / "nyheder" / "2014",
    )
    shutil.copytree(CONTENT / "nyheder" / "indsendt", content / "nyheder" / "indsendt")
    return content


def drafts_written(output):
    return sorted(p.relative_to(output).as_posix() for p in (output / "kladder").rglob("*.html"))


def test_build_preview_build_in_one_folder_shows_drafts_only_in_the_preview(small_content):
    """The editor's real sequence: the cache of each build is reused by the next one."""
    output = small_content.parent / "output"

    first = pelican(small_content, output)
    assert first.returncode == 0, first.stdout + first.stderr
    assert drafts_written(output) == []

    preview = pelican(small_content, output, "EDITORIAL_PREVIEW=true")
    assert preview.returncode == 0, preview.stdout + preview.stderr
    assert drafts_written(output) == ["kladder/index.html", f"kladder/{DRAFT}/index.html"]
    page = (output / "kladder" / DRAFT / "index.html").read_text(encoding="utf-8")
    assert "draft-banner" in page and "Ny legeplads ved Glarbjergvej" in page

    second = pelican(small_content, output)
    assert second.returncode == 0, second.stdout + second.stderr
    assert drafts_written(output) == []
    assert DRAFT not in (output / "sitemap.xml").read_text(encoding="utf-8")
