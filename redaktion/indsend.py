"""`/indsend/`: the public form where residents send a story with photos."""

import re
import secrets
import tempfile
from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_wtf.csrf import generate_csrf

from . import intake, mail, photos, site
from .extensions import limiter
from .forms import MAX_PHOTOS, SubmitForm

bp = Blueprint("indsend", __name__, url_prefix="/indsend")
_REF = re.compile(r"\d{8}-[0-9A-F]{4}")
# Stands for the visitor's CSRF token in the blank form kept by blank_page.
_TOKEN_SLOT = f"csrf-{secrets.token_hex(16)}"
# Where a problem found by the build's rules is shown in the form.
FIELDS = {"Title": "titel", "Slug": "titel", "Summary": "intro", "Category": "omraade", "Author": "navn"}
PHOTO_FIELDS = {"Image": "fil", "Image_alt": "alt", "Image_caption": "tekst", "Image_credit": "fotograf"}


def _limit():
    return current_app.config["REDAKTION_SUBMIT_LIMIT"]


def _form():
    form = SubmitForm()
    areas = site.shared(current_app.config)["NORDBY_AREAS"]
    form.omraade.choices = [("", "Vælg et område"), *((a, a) for a in areas)]
    # A story may be written in any of the site's languages; Danish (the first) is the default.
    languages = site.shared(current_app.config).get("NORDBY_LANGUAGES") or {"da": {"name": "Dansk"}}
    form.sprog.choices = [(code, language["name"]) for code, language in languages.items()]
    if not form.sprog.data:
        form.sprog.data = next(iter(languages))
    return form


@bp.get("/")
def show():
    return blank_page().replace(_TOKEN_SLOT, generate_csrf())


def blank_page():
    """The empty form, rendered once per process: it is the same page for every visitor but the
    CSRF token, and laying out its thirty fields took most of a resident's visit."""
    pages = current_app.extensions.setdefault("redaktion_blank_form", {})
    key = request.script_root  # the only part of the request the page depends on (its links)
    if key not in pages:  # two threads may both render it once; either copy is the same
        form = _form()
        form.csrf_token.current_token = _TOKEN_SLOT
        pages[key] = render_template("indsend/form.html", form=form, kept={}, problems=[])
    return pages[key]


@bp.post("/")
@limiter.limit(_limit)
def send():
    form = _form()
    if form.hjemmeside.data:  # a robot: it gets a receipt, nothing is stored
        return redirect(url_for("indsend.receipt", ref="00000000-0000"))
    valid = form.validate()
    token = form.kladde.data if intake.staging(current_app.config, form.kladde.data) else ""
    token, kept = _take_photos(form, token)
    form.kladde.data = token
    valid = _photo_rules(form, kept) and valid
    if not valid:
        return _again(form, kept)
    story = _story(form, kept)
    try:
        entry = intake.submit(current_app.config, story, token)
    except intake.Refused as refused:
        return _again(form, kept, refused.problems)
    _tell(entry, story)
    return redirect(url_for("indsend.receipt", ref=entry["ref"]))


def _again(form, kept, problems=()):
    for problem in problems:
        _attach(form, problem)
    return render_template("indsend/form.html", form=form, kept=kept, problems=problems), 422


def _attach(form, problem):
    """Show a problem from the rules beside the field it belongs to."""
    text = f"{problem.message} Sådan retter du det: {problem.fix}."
    if problem.field in PHOTO_FIELDS:
        target = form.billeder[0][PHOTO_FIELDS[problem.field]]
    else:
        target = form[FIELDS.get(problem.field, "tekst")]
    target.errors = [*target.errors, text] if isinstance(target.errors, list) else [text]


def _take_photos(form, token):
    """Check each newly chosen file and keep the good ones in the form's staging folder."""
    config = current_app.config
    kept = {}
    if token:
        kept = intake.staged_files(intake.staging(config, token))
    for number, slot in enumerate(form.billeder):
        upload = request.files.get(f"billeder-{number}-fil")
        if slot.fjern.data:
            kept.pop(number, None)
        if not upload or not upload.filename:
            continue
        token = token or intake.new_staging(config)
        folder = intake.staging(config, token)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".upload-", delete=False) as tmp:
            upload.save(tmp)
        try:
            suffix = photos.check_upload(tmp.name, upload.filename, config)
        except Exception as bad:  # BadImage: Danish message and fix
            Path(tmp.name).unlink(missing_ok=True)
            if not hasattr(bad, "fix"):
                raise
            slot.fil.errors = [f"{bad.message} Sådan retter du det: {bad.fix}."]
            continue
        name = f"{number + 1}.{suffix}"
        for old in folder.glob(f"{number + 1}.*"):
            old.unlink()
        Path(tmp.name).rename(folder / name)
        kept[number] = name
    if token:
        intake.keep_staged(intake.staging(config, token), kept)
    return token, kept


def _photo_rules(form, kept):
    ok = not any(slot.fil.errors for slot in form.billeder)
    for number, slot in enumerate(form.billeder):
        if number in kept and not (slot.alt.data or "").strip():
            slot.alt.errors = ["Skriv, hvad billedet viser. Det læses op for dem, der ikke kan se billedet."]
            ok = False
    if kept and not form.samtykke.data:
        form.samtykke.errors = [
            "Sæt kryds, når de viste personer (og forældrene, hvis der er børn med) har sagt ja."
        ]
        ok = False
    return ok


def _text(field):
    """A one-line text field as typed, or empty when the browser sent nothing."""
    return " ".join((field.data or "").split())


def _story(form, kept):
    chosen = [
        intake.Photo(kept[n], _text(slot.alt), _text(slot.tekst), _text(slot.fotograf))
        for n, slot in enumerate(form.billeder)
        if n in kept
    ]
    return intake.Story(
        name=" ".join(form.navn.data.split()),
        contact=form.kontakt.data.strip(),
        title=" ".join(form.titel.data.split()),
        intro=" ".join(form.intro.data.split()),
        text=form.tekst.data,
        area=form.omraade.data,
        lang="" if form.sprog.data == form.sprog.choices[0][0] else form.sprog.data,
        photos=chosen,
    )


def _tell(entry, story):
    """A receipt to the writer, and a note to the editors."""
    config = current_app.config
    mail.send_later(
        config,
        story.contact,
        f"Tak for din historie (ref. {entry['ref']})",
        render_template("mail/kvittering.txt", entry=entry, story=story),
    )
    mail.send_later(
        config,
        mail.editors(config),
        f"Ny historie: {story.title} (ref. {entry['ref']})",
        render_template("mail/ny.txt", entry=entry, story=story, desk=request.host_url.rstrip("/")),
    )


@bp.get("/kvittering/<ref>")
def receipt(ref):
    if not _REF.fullmatch(ref) and ref != "00000000-0000":
        abort(404)
    return render_template("indsend/kvittering.html", ref=ref, max_photos=MAX_PHOTOS)
