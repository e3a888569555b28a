"""A resident's submission: staged photos, the draft, a new writer, one commit — whole or nothing."""

import json
import secrets
import shutil
from contextlib import contextmanager
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


@contextmanager
def placed_photos(config, token, story, now):
    """The staged photos in a new folder of their own under images/ÅÅÅÅ/ (None without photos).

    They are copied under a hidden name and renamed, so the folder is whole or absent. Until the
    submission is stored the folder is held (store.hold): the clean-up of a worker that restarts
    meanwhile leaves it alone. If the submission is not stored, the folder goes again.
    """
    if not story.photos:
        yield None
        return
    s = site.shared(config)
    year = Path(s["PATH"]) / s["IMAGES_SOURCE_DIR"] / f"{now:%Y}"
    hidden = _new_hidden_folder(year, now)
    where = hidden
    try:
        with store.hold(hidden):
            source = staging(config, token)
            for name in staged_files(source).values():
                shutil.copyfile(source / name, hidden / name)
            where = hidden.rename(year / hidden.name.removeprefix(".#"))
            yield where
    except BaseException:
        shutil.rmtree(where, ignore_errors=True)
        raise


def _new_hidden_folder(year, now):
    """A new, empty '.#<reference>' folder whose name is free, hidden or not."""
    year.mkdir(parents=True, exist_ok=True)
    while True:
        name = queue.new_reference({}, now).lower()
        if not (year / name).exists():
            try:
                (year / f".#{name}").mkdir()
                return year / f".#{name}"
            except FileExistsError:
                continue


def submit(config, story, token, now=None):
    """Check and store one story; returns its queue entry, or raises Refused with the problems.

    Everything that needs no other submission's result (placing the photos, the checker) happens
    before the write lock; under it only the draft, the registry, the commit and the queue.
    """
    s = site.shared(config)
    now = now or datetime.now(ZoneInfo(s["TIMEZONE"]))
    content = Path(s["PATH"])
    folder = site.submissions_folder(config)
    data = config["REDAKTION_DATA"]
    with placed_photos(config, token, story, now) as photo_dir:
        folder_rel = photo_dir.relative_to(content).as_posix() if photo_dir else ""
        extra, body = header_and_body(story, folder_rel)
        _check(config, story, extra, body, folder)
        with store.locked(data):
            entry = _store(config, story, (extra, body), photo_dir, now)
    if token:
        shutil.rmtree(staging(config, token), ignore_errors=True)
    return entry


def _check(config, story, extra, body, folder):
    """Raise Refused with the errors the build's rules find in the draft-to-be."""
    new_writer = [story.name] if story.name not in writers.names(site.shared(config)) else []
    language = {"Lang": story.lang} if story.lang else {}
    text = submissions().draft_text(
        story.title, story.name, story.area, "kladde", body=body, extra={**extra, **language}
    )
    errors = [p for p in checker.check_text(config, text, folder, new_writer) if p.severity == "fejl"]
    if errors:
        raise Refused(errors)


def _store(config, story, draft, photo_dir, now):
    """Under the write lock: the draft, a new writer, one commit, the queue entry."""
    s = site.shared(config)
    data = config["REDAKTION_DATA"]
    content = Path(s["PATH"])
    entries = queue.load(data)
    # The photos' folder proposes the reference; a story without photos may have taken it meanwhile.
    proposed = photo_dir.name.upper() if photo_dir else ""
    ref = proposed if proposed and proposed not in entries else queue.new_reference(entries, now)
    extra, body = draft
    path = submissions().create_draft(
        site.submissions_folder(config),
        story.title,
        story.name,
        story.area,
        body=body,
        extra=extra,
        lang=story.lang,
    )
    try:
        new_writer = story.name not in writers.names(s)  # again: the same new writer may send twice
        changed = [path, *([photo_dir] if photo_dir else [])]
        if new_writer:
            changed.append(writers.add_pending(s, story.name, story.contact))
        message = f"Indsendt af {story.name}: {story.title} (ref. {ref})"
        store.commit(config["REDAKTION_REPO"], changed, message, story.name, story.contact)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    entries[ref] = queue.entry(
        ref,
        path.relative_to(content).as_posix(),
        story.title,
        story.name,
        story.contact,
        now=now,
        photos=photo_dir.relative_to(content).as_posix() if photo_dir else "",
        new_writer=new_writer,
        consent=bool(photo_dir),
    )
    queue.save(data, entries)
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
            if store.held(leftover):  # a submission or a check in progress in another worker
                continue
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
        for leftover in content.glob("nyheder/*/.#*"):
            if not store.held(leftover):
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
            if store.held(folder):  # placed by a submission that another worker is storing
                continue
            shutil.rmtree(folder, ignore_errors=True)
