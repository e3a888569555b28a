"""`/redaktion/`: the editors' desk — login, queue, edit, approve or reject, preview, publish."""

import functools
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)

from . import accounts, checker, intake, jobs, mail, queue, site, store, writers
from .extensions import limiter
from .forms import ApproveForm, ButtonForm, EditForm, LoginForm, RejectForm

bp = Blueprint("redaktion", __name__, url_prefix="/redaktion", static_folder="static")
OPEN = {"redaktion.login", "redaktion.static"}
EDIT_FIELDS = {"Title": "titel", "Summary": "intro", "Category": "omraade"}


@bp.before_request
def need_login():
    if request.endpoint not in OPEN and not session.get("redaktoer"):
        return redirect(url_for("redaktion.login", next=request.path))
    return None


def _config():
    return current_app.config


def _editor():
    return session["redaktoer"]


def _login_limit():
    return _config()["REDAKTION_LOGIN_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        c = _config()
        name = accounts.login(
            c["REDAKTION_DATA"],
            form.navn.data,
            form.adgangskode.data,
            c["REDAKTION_MAX_FAILURES"],
            c["REDAKTION_LOCK_MINUTES"],
        )
        if name:
            session.clear()
            session.permanent = True
            session["redaktoer"] = name
            target = request.args.get("next", "")
            safe = target.startswith("/redaktion/") and not target.startswith("//")
            return redirect(target if safe else url_for("redaktion.queue_page"))
        failed = True
    status = 401 if failed else 200
    minutes = _config()["REDAKTION_LOCK_MINUTES"]
    return render_template("redaktion/login.html", form=form, failed=failed, minutes=minutes), status


@bp.post("/logud")
def logout():
    if ButtonForm().validate_on_submit():
        session.clear()
    return redirect(url_for("redaktion.login"))


# --- The queue and one submission.


def _entries():
    c = _config()
    entries = queue.load(c["REDAKTION_DATA"])
    folder = site.submissions_folder(c)
    extra = queue.from_files(entries, folder, site.content_path(c), intake.submissions().header_field)
    return {**entries, **extra}


def _entry(ref):
    found = _entries().get(ref)
    if not found:
        abort(404)
    return found


@bp.get("/")
def queue_page():
    order = sorted(
        _entries().values(), key=lambda e: (e["state"] in {"godkendt", "afvist"}, e["sent"]), reverse=False
    )
    waiting = [e for e in order if e["state"] in {"indsendt", "redigeres"}]
    done = [e for e in order if e["state"] not in {"indsendt", "redigeres"}][::-1]
    pending = writers.pending(site.settings(_config()))
    return render_template(
        "redaktion/koe.html",
        waiting=waiting,
        done=done,
        states=queue.STATES,
        pending=pending,
        button=ButtonForm(),
    )


def _split(text):
    """(header lines, body) of a Markdown file."""
    lines = text.split("\n")
    end = intake.submissions().header_end(lines)
    return "\n".join(lines[:end]), "\n".join(lines[end + 1 :])


def _file(entry):
    path = site.content_path(_config()) / entry["path"]
    if not path.is_file():
        abort(404)
    return path


def _edit_form(entry, path, formdata=True):
    sub = intake.submissions()
    form = EditForm() if formdata else EditForm(formdata=None)
    form.omraade.choices = [(a, a) for a in site.shared(_config())["NORDBY_AREAS"]]
    if not formdata or request.method == "GET":
        form.titel.data = sub.header_field(path, "title")
        form.intro.data = sub.header_field(path, "summary")
        form.omraade.data = sub.header_field(path, "category")
        form.tekst.data = _split(path.read_text(encoding="utf-8"))[1]
    return form


@bp.route("/indsendelse/<ref>", methods=["GET", "POST"])
def submission(ref):
    entry = _entry(ref)
    path = _file(entry) if entry["state"] != "afvist" else None
    if path is None:
        return render_template("redaktion/afvist.html", entry=entry, states=queue.STATES)
    form = _edit_form(entry, path)
    problems = checker.check_file(_config(), path)
    saved = False
    if request.method == "POST" and form.validate_on_submit():
        problems, saved = _save_edit(entry, path, form)
    for problem in problems:
        target = form[EDIT_FIELDS.get(problem.field, "tekst")]
        target.errors = [*list(target.errors), f"{problem.message} Sådan retter du det: {problem.fix}."]
    return render_template(
        "redaktion/indsendelse.html",
        entry=entry,
        form=form,
        problems=problems,
        saved=saved,
        states=queue.STATES,
        approve=ApproveForm(formdata=None, dato=_now().strftime("%Y-%m-%d %H:%M")),
        reject=RejectForm(formdata=None),
        button=ButtonForm(),
        author=intake.submissions().header_field(path, "author"),
    ), (422 if request.method == "POST" and not saved else 200)


def _now():
    return datetime.now(ZoneInfo(site.shared(_config())["TIMEZONE"])).replace(second=0, microsecond=0)


def _save_edit(entry, path, form):
    sub = intake.submissions()
    c = _config()
    header, _ = _split(path.read_text(encoding="utf-8"))
    values = {
        "Title": sub.one_line(form.titel.data),
        "Category": form.omraade.data,
        "Summary": sub.one_line(form.intro.data),
    }
    text = sub.set_header(header, values) + "\n\n" + form.tekst.data.replace("\r\n", "\n").strip() + "\n"
    problems = checker.check_text(c, text, path.parent)
    if any(p.severity == "fejl" for p in problems):
        return problems, False
    with store.locked(c["REDAKTION_DATA"]):
        store.write_atomically(path, text)
        store.commit(
            c["REDAKTION_REPO"],
            [path],
            f"Redigeret af {_editor()}: {values['Title']} (ref. {entry['ref']})",
            _editor(),
        )
        _set_state(entry, state="redigeres", title=values["Title"])
    return checker.check_file(c, path), True


def _set_state(entry, **changes):
    """Update one queue entry (call under the store lock)."""
    data = _config()["REDAKTION_DATA"]
    entries = queue.load(data)
    entries[entry["ref"]] = {**entry, **changes}
    queue.save(data, entries)


@bp.post("/indsendelse/<ref>/godkend")
def approve(ref):
    entry = _entry(ref)
    path = _file(entry)
    form = ApproveForm()
    try:
        when = datetime.fromisoformat(form.dato.data.strip()) if form.validate_on_submit() else None
    except ValueError:
        when = None
    if when is None:
        return _fail(entry, "Datoen kan ikke læses. Skriv den som ÅÅÅÅ-MM-DD TT:MM, fx 2026-11-30 10:00.")
    if any(p.severity == "fejl" for p in checker.check_file(_config(), path)):
        return _fail(entry, "Artiklen har fejl. Ret dem, og gem, før du godkender.")
    c = _config()
    s = site.settings(c)
    sub = intake.submissions()
    author = sub.header_field(path, "author")
    with store.locked(c["REDAKTION_DATA"]):
        try:
            moved = sub.approve(path, when, site.submissions_folder(c))
        except FileExistsError:
            return _fail(
                entry, "Der findes allerede en artikel med samme adresse i årets mappe. Ret overskriften."
            )
        changed = [path, moved]
        if author in {w["navn"] for w in writers.pending(s)}:
            changed.append(writers.accept(s, author))
        title = sub.header_field(moved, "title")
        store.commit(
            c["REDAKTION_REPO"], changed, f"Godkendt af {_editor()}: {title} (ref. {ref})", _editor()
        )
        _set_state(entry, state="godkendt", path=moved.relative_to(site.content_path(c)).as_posix())
    mail.send_later(
        c,
        entry.get("contact", ""),
        f"Din historie er godkendt (ref. {ref})",
        render_template("mail/godkendt.txt", entry=entry, title=title),
    )
    return redirect(url_for("redaktion.queue_page", besked="godkendt"))


@bp.post("/indsendelse/<ref>/afvis")
def reject(ref):
    entry = _entry(ref)
    path = _file(entry)
    form = RejectForm()
    if not form.validate_on_submit():
        return _fail(entry, "Skriv en kort besked til skribenten om, hvorfor historien ikke bringes.")
    c = _config()
    content = site.content_path(c)
    with store.locked(c["REDAKTION_DATA"]):
        removed = [path]
        path.unlink()
        if entry.get("photos"):
            folder = content / entry["photos"]
            intake.shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        store.commit(
            c["REDAKTION_REPO"],
            removed,
            f"Afvist af {_editor()}: {entry['title']} (ref. {ref})\n\n{form.note.data}",
            _editor(),
        )
        _set_state(entry, state="afvist", note=form.note.data)
    mail.send_later(
        c,
        entry.get("contact", ""),
        f"Om din historie (ref. {ref})",
        render_template("mail/afvist.txt", entry=entry, note=form.note.data),
    )
    return redirect(url_for("redaktion.queue_page", besked="afvist"))


def _fail(entry, message):
    return render_template(
        "fejl.html",
        title="Det lykkedes ikke",
        message=message,
        back=url_for("redaktion.submission", ref=entry["ref"]),
    ), 422


# --- Writers waiting for approval.


@bp.post("/skribenter/godkend")
def accept_writer():
    name = request.form.get("navn", "")
    c = _config()
    s = site.settings(c)
    if not ButtonForm().validate_on_submit() or name not in {w["navn"] for w in writers.pending(s)}:
        abort(404)
    with store.locked(c["REDAKTION_DATA"]):
        path = writers.accept(s, name)
        store.commit(c["REDAKTION_REPO"], [path], f"Ny skribent godkendt af {_editor()}: {name}", _editor())
    return redirect(url_for("redaktion.queue_page", besked="skribent"))


# --- Preview through the real theme.


def _preview_folder():
    return Path(_config()["REDAKTION_DATA"]) / "forhaandsvisning"


@bp.post("/indsendelse/<ref>/forhaandsvis")
def preview(ref):
    entry = _entry(ref)
    path = _file(entry)
    if not ButtonForm().validate_on_submit():
        abort(400)
    c = _config()
    out = _preview_folder()
    siteurl = url_for("redaktion.preview_file", name="").rstrip("/")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(site.content_path(c)),
            "-s",
            c["REDAKTION_SETTINGS"],
            "-o",
            str(out),
            "-e",
            "EDITORIAL_PREVIEW=true",
            f'SITEURL="{siteurl}"',
            f'CACHE_PATH="{Path(c["REDAKTION_DATA"]) / "cache-preview"}"',
        ],
        cwd=c["REDAKTION_PROJECT"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if done.returncode:
        return render_template(
            "fejl.html",
            title="Forhåndsvisningen kunne ikke bygges",
            message=done.stderr[-3000:],
            back=url_for("redaktion.submission", ref=ref),
        ), 500
    slug = intake.submissions().slug_of(path)
    status = intake.submissions().header_field(path, "status", "published")
    if status == "draft":
        return redirect(url_for("redaktion.preview_file", name=f"kladder/{slug}/"))
    year = intake.submissions().header_field(path, "date")[:4]
    return redirect(url_for("redaktion.preview_file", name=f"nyheder/{year}/{slug}/"))


@bp.get("/forhaandsvisning/<path:name>")
def preview_file(name):
    folder = _preview_folder()
    if name.endswith("/") or not name:
        name += "index.html"
    return send_from_directory(folder, name)


# --- Publish and roll back.


@bp.get("/udgiv")
def publish_page():
    found = jobs.status(_config()["REDAKTION_DATA"])
    root = Path(_config()["REDAKTION_PUBLISH_ROOT"])
    live = (root / "current").resolve().name if (root / "current").exists() else ""
    return render_template(
        "redaktion/udgiv.html",
        job=found,
        live=live,
        button=ButtonForm(),
        refresh=bool(found and found["state"] == "i gang"),
    )


@bp.post("/udgiv")
def publish():
    if not ButtonForm().validate_on_submit():
        abort(400)
    jobs.start_publish(_config(), _editor())
    return redirect(url_for("redaktion.publish_page"))


@bp.post("/udgiv/tilbage")
def rollback():
    if not ButtonForm().validate_on_submit():
        abort(400)
    from nordby_hosting import publish as hosting  # noqa: PLC0415 - needs the plugin path

    c = _config()
    try:
        before, after = hosting.rollback(c["REDAKTION_PUBLISH_ROOT"])
    except SystemExit as stop:
        return render_template(
            "fejl.html",
            title="Der er intet at gå tilbage til",
            message=str(stop.code),
            back=url_for("redaktion.publish_page"),
        ), 409
    with store.locked(c["REDAKTION_DATA"]):
        store.commit(
            c["REDAKTION_REPO"],
            [],
            f"Rullet tilbage af {_editor()}: {before.name} -> {after.name}",
            _editor(),
        )
    return render_template("redaktion/tilbage.html", before=before.name, after=after.name)


def login_required(view):
    """For views outside this blueprint (none yet): the same rule as before_request above."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not session.get("redaktoer"):
            return redirect(url_for("redaktion.login", next=request.path))
        return view(*args, **kwargs)

    return wrapped


# --- Nordbyposten: a proof of any issue, its pages as images, the printer's files.


def _issues():
    from . import proof  # noqa: PLC0415 - needs the plugin path

    return proof.issues(site.content_path(_config()))


@bp.get("/nordbyposten/")
def paper_page():
    from . import proof  # noqa: PLC0415 - needs the plugin path

    data = _config()["REDAKTION_DATA"]
    found = jobs.status(data, jobs.PROOF_STATUS)
    issues = _issues()
    chosen = request.args.get("nummer") or (found or {}).get("issue") or (issues[0][0] if issues else "")
    shown = proof.result(data, chosen) if chosen in dict(issues) else None
    return render_template(
        "redaktion/nordbyposten.html",
        job=found,
        issues=issues,
        chosen=chosen,
        shown=shown,
        refresh=bool(found and found["state"] == "i gang"),
    )


@bp.post("/nordbyposten/")
def paper_proof():
    issue = request.form.get("nummer", "")
    if not ButtonForm().validate_on_submit():
        abort(400)
    if issue not in dict(_issues()):
        return render_template(
            "fejl.html",
            title="Nummeret findes ikke",
            message="Vælg et af numrene i listen (filerne i content/nordbyposten/).",
            back=url_for("redaktion.paper_page"),
        ), 422
    jobs.start_proof(_config(), _editor(), issue)
    return redirect(url_for("redaktion.paper_page", nummer=issue))


@bp.get("/nordbyposten/<issue>/<path:name>")
def paper_file(issue, name):
    from . import proof  # noqa: PLC0415 - needs the plugin path

    if issue not in dict(_issues()):
        abort(404)
    as_file = not name.endswith(".png")  # PDFs and the zip are downloads; page images are shown
    return send_from_directory(proof.folder(_config()["REDAKTION_DATA"], issue), name, as_attachment=as_file)
