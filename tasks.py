"""Tasks for editors and developers: build, preview, check, publish, test (run with invoke)."""

import contextlib
import functools
import json
import os
import shlex
import shutil
import sys
from datetime import datetime
from http.server import ThreadingHTTPServer
from pathlib import Path

# The plugins are imported as Pelican imports them (PLUGIN_PATHS): one import path for all.
sys.path.insert(0, str(Path(__file__).resolve().parent / "plugins"))

from invoke import task
from nordby_editorial import submissions
from nordby_hosting import publish as hosting_publish
from nordby_hosting.devserver import SiteHandler
from nordby_hosting.liveserver import LiveServer
from nordby_hosting.search import build_index
from nordbyposten import editor
from pelican import main as pelican_main
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

from nordby_calendar.uids import add_missing_uids
from nordby_content.dates import RANDERS
from nordby_content.registry import load_authors
from nordby_content.settings import with_defaults

SETTINGS_FILE_BASE = "pelicanconf.py"
SETTINGS = {**DEFAULT_CONFIG, **get_settings_from_file(SETTINGS_FILE_BASE)}
CONFIG = {
    "settings_base": SETTINGS_FILE_BASE,
    "settings_publish": "publishconf.py",
    "deploy_path": SETTINGS["OUTPUT_PATH"],
    # The live site is the `current` symlink inside this folder; see `publish`.
    "publish_root": os.environ.get("NORDBY_PUBLISH_ROOT", "public"),
    "releases_kept": 5,
    "port": int(os.environ.get("PORT", "8000")),
}


@functools.cache
def site_settings():
    """The development settings with every plugin's defaults (importing the plugins takes a moment,
    so only the tasks that need a plugin's setting ask for them)."""
    return with_defaults(dict(SETTINGS))


def pelican_run(*args):
    """Run Pelican in this process with these arguments; content errors end the task with the Danish report."""
    pelican_main([str(arg) for arg in args])


def base(*args):
    """Pelican's arguments for a build with the development settings."""
    return ["-s", CONFIG["settings_base"], *args]


def extra_settings(**values):
    """Pelican's -e arguments: each value as JSON, so paths with spaces and quotes stay whole."""
    return ["-e", *(f"{name}={json.dumps(value)}" for name, value in values.items())] if values else []


@task
def clean(c):
    """Slet det byggede website (output/)."""
    if os.path.isdir(CONFIG["deploy_path"]):
        shutil.rmtree(CONFIG["deploy_path"])


@task
def build(c):
    """Byg websitet til output/ med udviklingsindstillingerne."""
    pelican_run(*base())


@task
def rebuild(c):
    """Byg websitet helt forfra (uden cache)."""
    pelican_run(*base("-d", "--ignore-cache"))


@task
def regenerate(c):
    """Byg websitet igen, hver gang en fil ændres."""
    pelican_run(*base("-r"))


@task
def serve(c):
    """Vis output/ på http://localhost:8000 (uden at bygge)."""
    handler = functools.partial(SiteHandler, directory=CONFIG["deploy_path"])
    with ThreadingHTTPServer(("localhost", CONFIG["port"]), handler) as server:
        print(
            f"Websitet i {CONFIG['deploy_path']}/ vises på http://localhost:{CONFIG['port']} – stop med Ctrl+C."
        )
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how the server is stopped
            server.serve_forever()


@task
def check(c):
    """Tjek alt indhold og vis alle fejl på én gang (bygger ikke)."""
    pelican_run(*base("-o", ".cache/check", *extra_settings(NORDBY_CHECK_ONLY=True)))


@task
def livereload(c):
    """Byg websitet, vis det på http://localhost:8000 og byg igen ved hver ændring."""
    from nordbyposten import background  # noqa: PLC0415 - only the server lays the paper out in the background

    output = Path(CONFIG["deploy_path"])

    def build_for_server():
        # The paper is laid out in the background: the web pages are there at once.
        try:
            pelican_run(*base(*extra_settings(NORDBYPOSTEN_BACKGROUND=True)))
        finally:
            background.launch()

    def search_once():
        if (output / "index.html").is_file() and not (output / "pagefind").is_dir():
            try:
                search_index(c)  # once, so search works in the preview; `./dev search-index` refreshes it
            except SystemExit as stop:
                print(stop.code, file=sys.stderr)

    watched = [SETTINGS["PATH"], SETTINGS["THEME"], "plugins", SETTINGS_FILE_BASE]
    server = LiveServer(
        output,
        watched,
        build_for_server,
        ready=background.finished,
        stop=background.stop_all,
        code=["plugins"],
        on_start=search_once,
    )
    print(f"Websitet vises på http://localhost:{CONFIG['port']} – stop med Ctrl+C.", flush=True)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how the server is stopped
        server.serve("localhost", CONFIG["port"])
    background.stop_all()


@task
def search_index(c):
    """Byg søgeindekset for output/ (publish bygger det selv til hver udgivelse)."""
    from nordby_hosting.search import index_language  # noqa: PLC0415 - keeps invoke's start fast

    output = Path(CONFIG["deploy_path"])
    if not (output / "index.html").is_file():
        raise SystemExit(f"Der er intet website i {output}/ at indeksere. Kør './dev build' først.")
    seconds = build_index(output, index_language(site_settings()), SETTINGS["CACHE_PATH"])
    done = "var allerede opdateret" if seconds is None else f"er bygget på {seconds:.1f} s"
    print(f"Søgeindekset i {output}/pagefind/ {done}.")


@task(help={"vis": "vis forhåndsvisningen på http://localhost:8000 bagefter (stop med Ctrl+C)"})
def preview(c, vis=False):
    """Byg en forhåndsvisning til output/ med kladderne (med et KLADDE-banner)."""
    pelican_run(*base(*extra_settings(EDITORIAL_PREVIEW=True)))
    address = f"http://localhost:{CONFIG['port']}/kladder/"
    print(
        f"Forhåndsvisningen med kladderne ligger i {CONFIG['deploy_path']}/; de kommer aldrig med i det offentlige website."
    )
    if vis:
        print(f"Kladderne vises på {address}")
        serve(c)
    else:
        print(f"Se dem med './dev preview --vis' på {address}")


@task
def publish(c):
    """Byg det offentlige website i en ny mappe, tjek det, og skift først til den, når alt er i orden."""
    release = hosting_publish.publish(
        CONFIG["settings_publish"], CONFIG["publish_root"], progress=hosting_publish.print_progress
    )
    print(f"Udgivet: {Path(CONFIG['publish_root']).resolve() / 'current'} -> {release.name}")


@task
def test(c):
    """Kør alle tests."""
    # One worker per core; a test file stays on one worker, so its module fixtures are built once, and
    # the files are handed out longest first (tests/conftest.py: LONGEST_FIRST).
    c.run("python -m pytest -n auto --dist loadfile --no-loadscope-reorder", pty=False)


@task
def lint(c):
    """Tjek koden med ruff (fejl og formatering)."""
    c.run("ruff check .")
    c.run("ruff format --check .")


@task
def rollback(c):
    """Gå én udgivelse tilbage: peg public/current på udgivelsen før den nuværende."""
    before, after = hosting_publish.rollback(CONFIG["publish_root"])
    print(
        f"Rullet tilbage: {Path(CONFIG['publish_root']).resolve() / 'current'} -> {after.name} (før: {before.name})"
    )


# --- Editorial workflow: submissions, review, yearly figures (plugins/nordby_editorial) ---


def _ask(question):
    """One answer from the keyboard (or from a pipe); a clear message when there is none."""
    try:
        return input(question).strip()
    except EOFError:
        raise SystemExit(
            "Der kom intet svar. Skriv værdierne på kommandolinjen, se './dev --help new-article'."
        ) from None


def _choose(label, choices, given):
    """The choice matching `given` (a number or the start of a name); asks when nothing is given."""
    if not given:
        print(f"Vælg {label}:")
        for number, choice in enumerate(choices, start=1):
            print(f"  {number}. {choice}")
        given = _ask(f"{label.capitalize()} (nummer eller navn): ")
    if given.isdigit() and 1 <= int(given) <= len(choices):
        return choices[int(given) - 1]
    matches = [c for c in choices if c.lower().startswith(given.lower())] if given else []
    if len(matches) != 1:
        raise SystemExit(f'"{given}" passer ikke til én {label}. Vælg en af: ' + "; ".join(choices))
    return matches[0]


@task(
    help={
        "titel": "overskriften, fx 'Loppemarked i Vangdalen'",
        "forfatter": "dit navn, som det står i content/data/forfattere.yml (eller nummeret)",
        "omraade": "et af de seks områder (eller nummeret 1-6)",
        "sprog": "sproget, hvis artiklen ikke er på dansk: ar, so eller en (se NORDBY_LANGUAGES)",
        "original": "slug på den danske artikel, som dette er en oversættelse af",
    }
)
def new_article(c, titel="", forfatter="", omraade="", sprog="", original=""):  # noqa: PLR0917 - one parameter per option (invoke)
    """Opret en ny artikel som kladde, klar til at skrive i (på dansk, eller på et andet sprog med --sprog)."""
    titel = titel or _ask("Overskrift: ")
    if not titel:
        raise SystemExit("Artiklen skal have en overskrift: ./dev new-article --titel '...'")
    settings = site_settings()
    authors, problems = load_authors(settings)
    if problems:
        raise SystemExit("\n".join(str(p) for p in problems))
    author = _choose("forfatter", sorted(authors), forfatter)
    area = _choose("område", settings["NORDBY_AREAS"], omraade)
    lang = _language(sprog)
    slug = _original_slug(original, lang)
    folder = Path(settings["PATH"]) / settings["EDITORIAL_SUBMISSIONS_PATH"]
    path = submissions.create_draft(folder, titel, author, area, lang=lang, slug=slug)
    if lang and not slug:
        print(
            f"Artiklen er på {settings['NORDBY_LANGUAGES'][lang]['name']} uden en dansk udgave endnu. "
            "Den kan udgives sådan; './dev check' minder om den danske udgave, som skal have samme Slug."
        )
    print(
        f"Kladden er oprettet: {path}\n"
        "Sådan gør du nu:\n"
        "  1. Åbn filen og skriv din historie under de første linjer (efter den tomme linje).\n"
        "  2. Kør './dev check' og ret det, den finder.\n"
        "  3. Kør './dev preview' for at se kladden med et KLADDE-banner.\n"
        f"  4. Redaktionen godkender den med './dev approve {submissions.slug_of(path)}"
        + (f" --sprog {lang}'." if lang else "'.")
    )


def _language(given):
    """'' for Danish, else a code of NORDBY_LANGUAGES (given as the code or the start of its name)."""
    languages = site_settings()["NORDBY_LANGUAGES"]
    if not given or given == SETTINGS["DEFAULT_LANG"]:
        return ""
    code = next((c for c, e in languages.items() if given.lower() in (c, e["name"].lower())), None)
    if code is None:
        known = ", ".join(f"{c} ({e['name']})" for c, e in languages.items())
        raise SystemExit(f'Sproget "{given}" kendes ikke. Skriv en af sprogkoderne: {known}.')
    return "" if code == SETTINGS["DEFAULT_LANG"] else code


def _original_slug(original, lang):
    """The slug a translation shares with its Danish original (checked to exist), or ''."""
    if not original:
        return ""
    if not lang:
        raise SystemExit(
            "--original bruges sammen med --sprog, fx --sprog ar --original babycafeen-samler-moedre"
        )
    if not submissions.find_by_slug(SETTINGS["PATH"], original, SETTINGS["DEFAULT_LANG"]):
        raise SystemExit(
            f'Der er ingen dansk artikel med slug "{original}". Tjek stavningen (filnavnet uden .md).'
        )
    return original


@task(
    help={
        "slug": "artiklens slug (filnavnet uden .md)",
        "dato": "udgivelsestid, fx '2014-05-03 10:00'",
        "sprog": "sproget, når artiklen har oversættelser med samme slug (da, ar, so, en)",
    }
)
def approve(c, slug, dato="", sprog=""):
    """Godkend en indsendt artikel: sæt dato og status, så den kommer med ved næste udgivelse."""
    found = submissions.find_by_slug(SETTINGS["PATH"], slug, sprog or None)
    if len(found) > 1 and not sprog:  # an original and its translations: the Danish one, unless --sprog
        found = submissions.find_by_slug(SETTINGS["PATH"], slug, SETTINGS["DEFAULT_LANG"])
    if len(found) != 1:
        where = ", ".join(str(p) for p in found) or "ingen filer"
        hint = (
            " Har den oversættelser, så vælg sproget med --sprog." if len(found) > 1 else " Tjek stavningen."
        )
        raise SystemExit(f'Fandt ikke præcis én artikel med slug "{slug}" ({where}).{hint}')
    status = submissions.header_field(found[0], "status", "published")
    if status != "draft":
        raise SystemExit(f"{found[0]} er ikke en kladde (Status: {status}), så der er intet at godkende.")
    try:
        when = datetime.fromisoformat(dato) if dato else datetime.now(RANDERS)
    except ValueError:
        raise SystemExit(f'Datoen "{dato}" kan ikke læses. Skriv den som ÅÅÅÅ-MM-DD TT:MM.') from None
    waiting = Path(SETTINGS["PATH"]) / site_settings()["EDITORIAL_SUBMISSIONS_PATH"]
    try:
        moved = submissions.approve(found[0], when, waiting)
    except FileExistsError as exists:
        raise SystemExit(f"Der ligger allerede en fil {exists}. Giv artiklen en anden 'Slug:'.") from None
    print(
        f"Godkendt: {moved} (dato {when:%Y-%m-%d %H:%M}).\n"
        "Kør './dev check', og udgiv så websitet med './dev publish'."
    )


@task(help={"year": "året, fx 2014", "csv": "hvor tallene gemmes (standard: output/statistik-ÅÅÅÅ.csv)"})
def stats(c, year, csv=""):
    """Vis årets tal til årsrapporten (bidrag, borgerjournalister, Nordbyposten, aktiviteter)."""
    # Beside the built site, not in the repository (output/ is ignored by git).
    target = csv or str(Path(CONFIG["deploy_path"]) / f"statistik-{int(year)}.csv")
    pelican_run(
        *base(
            "-o", ".cache/stats", *extra_settings(EDITORIAL_STATS_YEAR=int(year), EDITORIAL_STATS_CSV=target)
        )
    )


# Activity calendar (plugins/nordby_calendar).


@task
def calendar_uids(c):
    """Giv hver aktivitet i content/aktiviteter et fast UID (skrives ind i filen én gang)."""
    settings = site_settings()
    folder = Path(settings["PATH"]) / settings["CALENDAR_PATH"]
    added = add_missing_uids(folder, settings["CALENDAR_UID_DOMAIN"])
    for path, uid in added:
        print(f"{path}: UID {uid}")
    print(f"{len(added)} aktiviteter fik et nyt UID." if added else "Alle aktiviteter har et UID.")


@task
def nightly(c):
    """Byg og udgiv websitet med dagens dato, så kalenderen viser de rigtige kommende aktiviteter."""
    os.environ["NORDBY_BUILD_DATE"] = datetime.now(RANDERS).date().isoformat()
    publish(c)


@task(
    help={
        "issue": "nummeret, fx 2026-3 (uden: alle numre)",
        "korrektur": "byg en korrektur med KORREKTUR på hver side, også af en kladde eller et kommende nummer",
        "til-trykkeriet": "lav en zip-fil til trykkeriet: trykfilen og en forhåndskontrol",
    }
)
def nordbyposten(c, issue="", korrektur=False, til_trykkeriet=False):
    """Byg Nordbyposten (ét nummer eller alle) og fortæl, hvilken fil der skal til trykkeriet og på hjemmesiden."""
    min_ppi = site_settings()["NORDBYPOSTEN_MIN_PPI_WARNING"]
    pelican_run(*base(*shlex.split(editor.pelican_options(issue, korrektur, til_trykkeriet))))
    summary = editor.read_summary(SETTINGS["CACHE_PATH"])
    for line in editor.report(summary, issue, korrektur, til_trykkeriet, min_ppi=min_ppi):
        print(line)


# --- The web desk (redaktion/): residents send stories, editors review and publish in the browser.


@task
def redaktion(c):
    """Start redaktionen på http://localhost:8001 (/indsend/ og /redaktion/) mod denne mappe."""
    from redaktion import create_app  # noqa: PLC0415 - Flask is only needed for this task

    port = int(os.environ.get("REDAKTION_PORT", "8001"))
    print(
        f"Redaktionen kører på http://localhost:{port}/redaktion/ og http://localhost:{port}/indsend/\n"
        "Mails skrives her i vinduet. Opret en redaktør med './dev redaktoer-tilfoej NAVN'. Stop med Ctrl+C."
    )
    create_app().run(host="127.0.0.1", port=port, debug=False, threaded=True)


@task(positional=["navn"], help={"navn": "redaktørens navn, fx 'Trine Møller'"})
def redaktoer_tilfoej(c, navn):
    """Opret en redaktør (eller giv en ny adgangskode); kontoen gemmes uden for content/ og git."""
    import getpass  # noqa: PLC0415

    from redaktion import accounts, config  # noqa: PLC0415

    data = {**config.DEFAULTS, **config.from_env()}["REDAKTION_DATA"]
    password = os.environ.get("REDAKTION_ADGANGSKODE") or getpass.getpass(f"Adgangskode til {navn}: ")
    if not os.environ.get("REDAKTION_ADGANGSKODE") and getpass.getpass("Skriv den igen: ") != password:
        raise SystemExit("De to adgangskoder er ikke ens. Prøv igen.")
    accounts.add(data, navn, password)
    print(f"{navn} kan nu logge ind på redaktionen. Kontoen ligger i {data}/konti.json.")


# --- Visitor figures (plugins/nordby_visits): the nightly count of the web server's log ---


@task(
    help={
        "logrotate": "skriv i stedet logrotate-opsætningen til denne fil, fx /etc/logrotate.d/randersnordby"
    }
)
def besoeg(c, logrotate=""):
    """Tæl hver færdig dag i webserverens log (uden adresser) ind i besøgsoversigten; kør den hver nat."""
    from nordby_visits import count, settings  # noqa: PLC0415 - keeps invoke's start fast
    from nordby_visits import logrotate as rotation  # noqa: PLC0415

    visits = settings.resolve(SETTINGS)
    if logrotate:
        rotation.install(visits, logrotate)
        print(
            f"Logrotate-opsætningen er skrevet til {logrotate}: loggen slettes efter {visits['VISITS_RETENTION_DAYS']} dage."
        )
        return
    print(count.message(count.update(visits), visits))


# Translations (plugins/nordby_languages).


@task
def catalogs(c):
    """Opdatér oversættelserne af websitets faste ord (theme/translations/*.po) og vis, hvad der mangler."""
    from nordby_languages.catalogs import update_catalogs  # noqa: PLC0415 - keeps invoke's start fast

    todo = update_catalogs(".", Path(SETTINGS["THEME"]) / "translations")
    for code, words in todo.items():
        print(f"{code}: " + (f"{len(words)} ord mangler: " + "; ".join(words) if words else "alt er oversat"))
    print("Skriv oversættelserne i msgstr i theme/translations/<sprog>/LC_MESSAGES/messages.po.")
