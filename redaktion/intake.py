"""A resident's submission: staged photos, the draft, a new writer, one commit — whole or nothing."""

import json
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from . import checker, queue, site, store, writers

_TOKEN = "0123456789abcdef"


@dataclass
class Photo:
    """One staged photo and what the writer said about it."""

    file: str
    alt: str = ""
    caption: str = ""
    credit: str = ""


@dataclass
class Story:
    name: str
    contact: str
    title: str
    intro: str
    text: str
    area: str
    lang: str = ""  # "" for the site's own language, else e.g. "ar": the draft is a translation file
    photos: list = field(default_factory=list)


class Refused(Exception):
    """The checker found errors; problems are the build's own Problem records."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} fejl")
        self.problems = problems


# --- Staging: uploaded photos wait in the data folder until the whole submission is accepted.


def staging(config, token):
    """The staging folder of one form; the token is the server's own random hex, never a path."""
    if not token or len(token) != 32 or any(ch not in _TOKEN for ch in token):
        return None
    return Path(config["REDAKTION_DATA"]) / "staging" / token


def new_staging(config):
    token = secrets.token_hex(16)
    staging(config, token).mkdir(parents=True)
    return token


def staged_files(folder):
    """{slot number: file name} of the photos kept for this form."""
    try:
        return {int(k): v for k, v in json.loads((folder / "billeder.json").read_text()).items()}
    except (FileNotFoundError, ValueError):
        return {}


def keep_staged(folder, files):
    store.write_atomically(folder / "billeder.json", json.dumps(files))


# --- The draft's text: the same header as `invoke new-article`, photos as the build reads them.


def _md_text(value):
    """Text for Markdown's [alt] or "title": brackets and quotes would end it early."""
    return " ".join(value.split()).replace("[", "(").replace("]", ")").replace('"', "”")


def photo_markdown(photo, src):
    credit = f" Foto: {photo.credit}" if photo.credit else ""
    title = _md_text(f"{photo.caption}{credit}".strip())
    return (
        f'![{_md_text(photo.alt)}]({{static}}/{src} "{title}")'
        if title
        else f"![{_md_text(photo.alt)}]({{static}}/{src})"
    )


def header_and_body(story, folder_rel):
    """(extra header fields, body) for the draft; the first photo leads, the others follow the text."""
    extra = {"Summary": story.intro}
    body = story.text.replace("\r\n", "\n").strip()
    for number, photo in enumerate(story.photos):
        src = f"{folder_rel}/{photo.file}"
        if number == 0:
            extra.update(
                {
                    "Image": src,
                    "Image_alt": photo.alt,
                    "Image_caption": photo.caption,
                    "Image_credit": photo.credit,
                }
            )
        else:
            body += f"\n\n{photo_markdown(photo, src)}"
    return extra, body


# --- Submitting.


def _place_photos(config, token, target):
    """Copy the staged photos under a hidden name beside their target, then rename: all or none."""
    source = staging(config, token)
    hidden = target.with_name(f".#{target.name}")
    shutil.rmtree(hidden, ignore_errors=True)
    hidden.mkdir(parents=True)
    for name in staged_files(source).values():
        shutil.copyfile(source / name, hidden / name)
    hidden.rename(target)


def submit(config, story, token, now=None):
    """Check and store one story; returns its queue entry, or raises Refused with the problems."""
    s = site.shared(config)
    now = now or datetime.now(ZoneInfo(s["TIMEZONE"]))
    content = Path(s["PATH"])
    folder = site.submissions_folder(config)
    data = config["REDAKTION_DATA"]
    with store.locked(data):
        entries = queue.load(data)
        ref = queue.new_reference(entries, now)
        photo_dir = content / s["IMAGES_SOURCE_DIR"] / f"{now:%Y}" / ref.lower()
        folder_rel = photo_dir.relative_to(content).as_posix()
        new_writer = story.name not in writers.names(s)
        extra, body = header_and_body(story, folder_rel)
        if story.photos:
            _place_photos(config, token, photo_dir)
        try:
            language = {"Lang": story.lang} if story.lang else {}
            text = submissions().draft_text(
                story.title, story.name, story.area, "kladde", body=body, extra={**extra, **language}
            )
            errors = [
                p
                for p in checker.check_text(config, text, folder, [story.name] if new_writer else [])
                if p.severity == "fejl"
            ]
            if errors:
                raise Refused(errors)
            path = submissions().create_draft(
                folder, story.title, story.name, story.area, body=body, extra=extra, lang=story.lang
            )
        except BaseException:
            shutil.rmtree(photo_dir, ignore_errors=True)
            raise
        changed = [path, *([photo_dir] if story.photos else [])]
        if new_writer:
            changed.append(writers.add_pending(s, story.name, story.contact))
        rel = path.relative_to(content).as_posix()
        entries[ref] = queue.entry(
            ref,
            rel,
            story.title,
            story.name,
            story.contact,
            now=now,
            photos=folder_rel if story.photos else "",
            new_writer=new_writer,
            consent=bool(story.photos),
        )
        store.commit(
            config["REDAKTION_REPO"],
            changed,
            f"Indsendt af {story.name}: {story.title} (ref. {ref})",
            story.name,
            story.contact,
        )
        queue.save(data, entries)
    if token:
        shutil.rmtree(staging(config, token), ignore_errors=True)
    return entries[ref]


def submissions():
    """The plugin's module that writes drafts for `invoke new-article` too."""
    from nordby_editorial import submissions as module  # noqa: PLC0415 - needs the plugin path

    return module


def recover(config):
    """After a crash: remove half-placed photo folders and temporary files the desk left in content/."""
    content = site.content_path(config)
    with store.locked(config["REDAKTION_DATA"]):
        for leftover in content.glob("*/*/.#*"):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
        for leftover in content.glob("nyheder/*/.#*"):
            leftover.unlink(missing_ok=True)
        _remove_orphan_photos(config, content)
    _remove_old_staging(config)


def _remove_old_staging(config, days=2):
    """Photos of forms that were never sent are kept two days, then removed."""
    import time  # noqa: PLC0415

    for folder in (Path(config["REDAKTION_DATA"]) / "staging").glob("*"):
        if time.time() - folder.stat().st_mtime > days * 86400:
            shutil.rmtree(folder, ignore_errors=True)


def _remove_orphan_photos(config, content):
    """A photo folder placed by a submission that died before its draft was written."""
    repo = Path(config["REDAKTION_REPO"])
    listed = store.git(repo, "status", "--porcelain", "--untracked-files=all", "--", "content")
    folders = {
        (repo / line[3:].strip().strip('"')).parent for line in listed.splitlines() if line.startswith("?? ")
    }
    images = content / site.shared(config)["IMAGES_SOURCE_DIR"]
    drafts = [d.read_text(encoding="utf-8") for d in site.submissions_folder(config).glob("*.md")]
    for folder in folders:
        if folder.parent.parent == images and not any(folder.name in text for text in drafts):
            shutil.rmtree(folder, ignore_errors=True)
