"""Nordbyposten's proof from the desk: the same build as `./dev nordbyposten --issue N --korrektur`.

The job runs in its own process (see jobs.py) and leaves, per issue, a folder in the data folder
with the proof PDF, page images, the printer's PDF, the booklet and the print shop's zip.
Nothing of it goes near the public site.
"""

import json
import shlex
import shutil
from pathlib import Path

PAGE_WIDTH = 560  # pixels of a page image: enough to read headlines, small enough for a phone
FILES = {  # kind -> file name in an issue's folder
    "korrektur": "nordbyposten-{slug}-korrektur.pdf",
    "tryk": "nordbyposten-{slug}-tryk.pdf",
    "haefte": "nordbyposten-{slug}-haefte.pdf",
    "zip": "nordbyposten-{slug}-til-trykkeriet.zip",
}


def issues(content):
    """[(slug, title)] of every issue in content/nordbyposten/, drafts and future ones too, newest first."""
    from nordby_editorial import submissions  # noqa: PLC0415 - needs the plugin path

    found = sorted(Path(content, "nordbyposten").glob("*.md"), reverse=True)
    return [(path.stem, submissions.header_field(path, "title")) for path in found]


def folder(data, slug):
    return Path(data) / "nordbyposten" / slug


def result(data, slug):
    """What the last finished proof of slug left: {kind: file name} and the page image names."""
    where = folder(data, slug)
    files = {kind: name.format(slug=slug) for kind, name in FILES.items()}
    files = {kind: name for kind, name in files.items() if (where / name).is_file()}
    pages = sorted((where / "sider").glob("side-*.png"), key=lambda p: int(p.stem.split("-")[1]))
    return {"files": files, "pages": [f"sider/{p.name}" for p in pages]}


def _pelican_args(config, options, out, cache):
    """The task's Pelican options, with the proof written into out and a cache of the desk's own."""
    options = shlex.split(options)
    extra = options[options.index("-e") + 1 :]
    extra = [o for o in extra if not o.startswith("NORDBYPOSTEN_PROOF_PATH=")]
    extra += [f"NORDBYPOSTEN_PROOF_PATH={json.dumps(str(out))}", f"CACHE_PATH={json.dumps(str(cache))}"]
    content = Path(config["REDAKTION_REPO"]) / "content"
    settings = Path(config["REDAKTION_PROJECT"]) / config["REDAKTION_SETTINGS"]
    return [str(content), "-s", str(settings), "-o", str(out / "site"), "-e", *extra]


def build(config, slug, progress):
    """Proof, page images, print shop's files; into a new folder that replaces the old one at the end."""
    from nordbyposten import editor, outputs, printshop  # noqa: PLC0415 - needs the plugin path
    from pelican import main as pelican_main  # noqa: PLC0415 - heavy

    data = Path(config["REDAKTION_DATA"])
    target = folder(data, slug)
    work = target.with_name(slug + ".bygger")
    cache = data / "nordbyposten" / "cache"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        progress(f"Bygger korrekturen af nummer {slug} …")
        pelican_main(_pelican_args(config, editor.pelican_options(slug, True, False), work, cache))
        summary = editor.read_summary(cache)
        for line in editor.report(summary, slug, True, False):
            if str(work) not in line:  # the terminal's lines name a folder that is about to move
                progress(line)
        if not summary["issues"]:
            raise SystemExit(f"Nummeret {slug} blev ikke bygget.")
        progress("Laver billeder af siderne …")
        pages = render_pages(work / FILES["korrektur"].format(slug=slug), work / "sider")
        progress(f"{pages} sider.")
        progress("Laver trykfilen og hæftet til trykkeriet (uden KORREKTUR-stempel) …")
        pelican_main(_pelican_args(config, editor.pelican_options(slug, False, True), work, cache))
        summary = editor.read_summary(cache)
        row = summary["issues"][0]
        # The build writes the printer's PDF into work; the booklet waits in the build's own cache.
        booklet = cache / "nordbyposten" / slug / outputs.FILES["booklet"].format(slug=slug)
        shutil.copyfile(booklet, work / FILES["haefte"].format(slug=slug))
        printshop.write_zip(
            work / FILES["tryk"].format(slug=slug), row, work / FILES["zip"].format(slug=slug)
        )
        progress(
            f"{len(summary['warnings'])} billedadvarsler."
            if summary["warnings"]
            else "Ingen billedadvarsler."
        )
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(work / "site", ignore_errors=True)  # the throwaway site around the issue
    shutil.rmtree(target, ignore_errors=True)
    work.rename(target)
    return target


def render_pages(pdf, out, width=PAGE_WIDTH):
    """Each page of pdf as a small PNG in out; returns the number of pages."""
    import pypdfium2 as pdfium  # noqa: PLC0415 - only the job needs it

    out.mkdir(parents=True, exist_ok=True)
    document = pdfium.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, start=1):
            scale = width / page.get_width()
            page.render(scale=scale).to_pil().save(out / f"side-{number}.png", optimize=True)
            page.close()
        return len(document)
    finally:
        document.close()
