"""Tasks for editors and developers: build, preview, check, publish, test (run with invoke)."""

import json
import os
import shlex
import shutil
import sys
import time
from pathlib import Path

from invoke import task
from pelican import main as pelican_main
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

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


def pelican_run(cmd):
    """Run Pelican in this process; content errors end the task with the Danish report."""
    pelican_main(shlex.split(cmd))


@task
def clean(c):
    """Slet det byggede website (output/)."""
    if os.path.isdir(CONFIG["deploy_path"]):
        shutil.rmtree(CONFIG["deploy_path"])


@task
def build(c):
    """Byg websitet til output/ med udviklingsindstillingerne."""
    pelican_run(f"-s {CONFIG['settings_base']}")


@task
def rebuild(c):
    """Byg websitet helt forfra (uden cache)."""
    pelican_run(f"-d --ignore-cache -s {CONFIG['settings_base']}")


@task
def regenerate(c):
    """Byg websitet igen, hver gang en fil ændres."""
    pelican_run(f"-r -s {CONFIG['settings_base']}")


@task
def serve(c):
    """Vis output/ på http://localhost:8000 (uden at bygge)."""
    pelican_run(f"-l -p {CONFIG['port']} -s {CONFIG['settings_base']}")


@task
def check(c):
    """Tjek alt indhold og vis alle fejl på én gang (bygger ikke)."""
    pelican_run(f"-s {CONFIG['settings_base']} -e NORDBY_CHECK_ONLY=true -o {Path('.cache/check')}")


@task
def livereload(c):
    """Byg websitet, vis det på http://localhost:8000 og byg igen ved hver ændring."""
    from livereload import Server  # noqa: PLC0415 - only needed for this task

    def safe_build():
        try:
            build(c)
        except SystemExit as stop:  # a content error must not stop the preview server
            print(stop.code, file=sys.stderr)

    safe_build()
    output = Path(CONFIG["deploy_path"])
    if (output / "index.html").is_file() and not (output / "pagefind").is_dir():
        try:
            search_index(c)  # once, so search works in the preview; `invoke search-index` refreshes it
        except SystemExit as stop:
            print(stop.code, file=sys.stderr)
    server = Server()
    watched = [f"{SETTINGS['PATH']}/**/*", f"{SETTINGS['THEME']}/**/*", "plugins/**/*.py", SETTINGS_FILE_BASE]
    for pattern in watched:
        server.watch(pattern, safe_build)
    print(f"Websitet vises på http://localhost:{CONFIG['port']} – stop med Ctrl+C.")
    server.serve(host="localhost", port=CONFIG["port"], root=CONFIG["deploy_path"])


@task
def search_index(c):
    """Byg søgeindekset for output/ (publish bygger det selv til hver udgivelse)."""
    from nordby_hosting.search import build_index, index_language  # noqa: PLC0415 - keeps invoke's start fast

    output = Path(CONFIG["deploy_path"])
    if not (output / "index.html").is_file():
        raise SystemExit(f"Der er intet website i {output}/ at indeksere. Kør 'invoke build' først.")
    seconds = build_index(output, index_language(SETTINGS), SETTINGS["CACHE_PATH"])
    done = "var allerede opdateret" if seconds is None else f"er bygget på {seconds:.1f} s"
    print(f"Søgeindekset i {output}/pagefind/ {done}.")


@task
def preview(c):
    """Byg en forhåndsvisning til output/ med kladderne (med et KLADDE-banner)."""
    pelican_run(f"-s {CONFIG['settings_base']} -e EDITORIAL_PREVIEW=true")
    print(
        f"Forhåndsvisningen ligger i {CONFIG['deploy_path']}/. Kør 'invoke serve' og se kladderne på "
        f"http://localhost:{CONFIG['port']}/kladder/ – de kommer aldrig med i det offentlige website."
    )


def _switch_current(root, release):
    """Point root/current at release in one atomic rename, so readers never see a mix."""
    tmp_link = root / f".current-{os.getpid()}"
    tmp_link.symlink_to(release.relative_to(root), target_is_directory=True)
    os.replace(tmp_link, root / "current")


def _releases(root):
    """Finished releases, oldest first (a folder still being built ends in .bygger)."""
    folder = root / "releases"
    return (
        sorted(p for p in folder.iterdir() if p.is_dir() and p.suffix != ".bygger") if folder.is_dir() else []
    )


def _prune_releases(root, keep):
    releases = _releases(root)
    current = (root / "current").resolve()
    for old in releases[:-keep]:
        if old.resolve() != current:
            shutil.rmtree(old)


@task
def publish(c):
    """Byg det offentlige website i en ny mappe, tjek det, og skift først til den, når alt er i orden."""
    root = Path(CONFIG["publish_root"]).resolve()
    _clear_leftovers(root)
    release = root / "releases" / time.strftime("%Y%m%d-%H%M%S")
    building = release.with_name(release.name + ".bygger")
    building.parent.mkdir(parents=True, exist_ok=True)
    try:
        _check_content(CONFIG["settings_publish"])
        pelican_run(f"-s {CONFIG['settings_publish']} -o {building}")
        _check_links(building)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        print("Udgivelsen er afbrudt. Det offentlige website er ikke ændret.", file=sys.stderr)
        raise
    building.rename(release)
    _switch_current(root, release)
    _prune_releases(root, CONFIG["releases_kept"])
    print(f"Udgivet: {root / 'current'} -> {release.name}")


@task
def test(c):
    """Kør alle tests."""
    c.run("python -m pytest", pty=False)


@task
def lint(c):
    """Tjek koden med ruff (fejl og formatering)."""
    c.run("ruff check .")
    c.run("ruff format --check .")


# Hosting (plugins/nordby_hosting): the checks `publish` runs before it switches, and rollback.
def _clear_leftovers(root):
    """Remove what a publish that was killed halfway left behind (never the live release)."""
    for folder in root.glob("releases/*.bygger"):
        shutil.rmtree(folder, ignore_errors=True)
    for link in root.glob(".current-*"):
        link.unlink()


def _check_content(settings_file):
    """The same content rules as `check`, with the production settings; stops on any error."""
    try:
        pelican_run(f"-s {settings_file} -e NORDBY_CHECK_ONLY=true -o {Path('.cache/check')}")
    except SystemExit as stop:
        if stop.code not in (0, None):
            raise


def _check_links(site):
    """Stop the publish if any page links to, or loads, an address that is not in the build."""
    from plugins.nordby_hosting.links import broken_links  # noqa: PLC0415 - keeps invoke's start fast

    siteurl = get_settings_from_file(CONFIG["settings_publish"])["SITEURL"]
    broken = broken_links(site, siteurl)
    for page, href in broken:
        print(f"{page}: FEJL linket {href} fører ingen steder hen — ret eller fjern linket.", file=sys.stderr)
    if broken:
        raise SystemExit(f"Linktjek: {len(broken)} døde links.")


@task
def rollback(c):
    """Gå én udgivelse tilbage: peg public/current på udgivelsen før den nuværende."""
    root = Path(CONFIG["publish_root"]).resolve()
    releases = _releases(root)
    current = (root / "current").resolve()
    older = [r for r in releases if r.name < current.name]
    if not older:
        raise SystemExit("Der er ingen tidligere udgivelse at gå tilbage til.")
    _switch_current(root, older[-1])
    print(f"Rullet tilbage: {root / 'current'} -> {older[-1].name} (før: {current.name})")


# --- Editorial workflow: submissions, review, yearly figures (plugins/nordby_editorial) ---
sys.path.insert(0, str(Path(__file__).resolve().parent / "plugins"))
from nordby_editorial import submissions  # noqa: E402

from nordby_content.registry import load_authors  # noqa: E402 - needs the plugin folder on the path


def _ask(question):
    """One answer from the keyboard (or from a pipe); a clear message when there is none."""
    try:
        return input(question).strip()
    except EOFError:
        raise SystemExit(
            "Der kom intet svar. Skriv værdierne på kommandolinjen, se 'invoke --help new-article'."
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
        raise SystemExit("Artiklen skal have en overskrift: invoke new-article --titel '...'")
    authors, problems = load_authors(SETTINGS)
    if problems:
        raise SystemExit("\n".join(str(p) for p in problems))
    author = _choose("forfatter", sorted(authors), forfatter)
    area = _choose("område", SETTINGS["NORDBY_AREAS"], omraade)
    lang = _language(sprog)
    slug = _original_slug(original, lang)
    folder = Path(SETTINGS["PATH"]) / SETTINGS.get("EDITORIAL_SUBMISSIONS_PATH", "nyheder/indsendt")
    path = submissions.create_draft(folder, titel, author, area, lang=lang, slug=slug)
    if lang and not slug:
        print(
            f"Artiklen er på {SETTINGS['NORDBY_LANGUAGES'][lang]['name']} uden en dansk udgave endnu. "
            "Den kan udgives sådan; 'invoke check' minder om den danske udgave, som skal have samme Slug."
        )
    print(
        f"Kladden er oprettet: {path}\n"
        "Sådan gør du nu:\n"
        "  1. Åbn filen og skriv din historie under de første linjer (efter den tomme linje).\n"
        "  2. Kør 'invoke check' og ret det, den finder.\n"
        "  3. Kør 'invoke preview' for at se kladden med et KLADDE-banner.\n"
        f"  4. Redaktionen godkender den med 'invoke approve {submissions.slug_of(path)}"
        + (f" --sprog {lang}'." if lang else "'.")
    )


def _language(given):
    """'' for Danish, else a code of NORDBY_LANGUAGES (given as the code or the start of its name)."""
    languages = SETTINGS["NORDBY_LANGUAGES"]
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
    from datetime import datetime  # noqa: PLC0415
    from zoneinfo import ZoneInfo  # noqa: PLC0415

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
        when = datetime.fromisoformat(dato) if dato else datetime.now(ZoneInfo(SETTINGS["TIMEZONE"]))
    except ValueError:
        raise SystemExit(f'Datoen "{dato}" kan ikke læses. Skriv den som ÅÅÅÅ-MM-DD TT:MM.') from None
    submissions.approve(found[0], when)
    print(
        f"Godkendt: {found[0]} (dato {when:%Y-%m-%d %H:%M}).\n"
        "Kør 'invoke check', og udgiv så websitet med 'invoke publish'."
    )


@task(help={"year": "året, fx 2014", "csv": "hvor tallene gemmes (standard: statistik-ÅÅÅÅ.csv)"})
def stats(c, year, csv=""):
    """Vis årets tal til årsrapporten (bidrag, borgerjournalister, Nordbyposten, aktiviteter)."""
    target = csv or f"statistik-{year}.csv"
    pelican_run(
        f"-s {CONFIG['settings_base']} -o {Path('.cache/stats')} "
        f"-e EDITORIAL_STATS_YEAR={int(year)} EDITORIAL_STATS_CSV={shlex.quote(json.dumps(target))}"
    )


# Activity calendar (plugins/nordby_calendar).


@task
def calendar_uids(c):
    """Giv hver aktivitet i content/aktiviteter et fast UID (skrives ind i filen én gang)."""
    sys.path.insert(0, "plugins")
    from nordby_calendar.settings import DEFAULTS  # noqa: PLC0415 - plugins are not on the path at import time
    from nordby_calendar.uids import add_missing_uids  # noqa: PLC0415

    folder = Path(SETTINGS["PATH"]) / SETTINGS.get("CALENDAR_PATH", DEFAULTS["CALENDAR_PATH"])
    added = add_missing_uids(folder, SETTINGS.get("CALENDAR_UID_DOMAIN", DEFAULTS["CALENDAR_UID_DOMAIN"]))
    for path, uid in added:
        print(f"{path}: UID {uid}")
    print(f"{len(added)} aktiviteter fik et nyt UID." if added else "Alle aktiviteter har et UID.")


@task
def nightly(c):
    """Byg og udgiv websitet med dagens dato, så kalenderen viser de rigtige kommende aktiviteter."""
    from datetime import datetime  # noqa: PLC0415
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    os.environ["NORDBY_BUILD_DATE"] = datetime.now(ZoneInfo(SETTINGS["TIMEZONE"])).date().isoformat()
    publish(c)


@task(help={"issue": "nummeret, fx 2014-3 (uden: alle numre)"})
def nordbyposten(c, issue=""):
    """Byg Nordbyposten (ét nummer eller alle) og vis filerne, sidetal og billedadvarsler."""
    import json  # noqa: PLC0415 - only this task reads the summary

    only = f" -e NORDBYPOSTEN_ONLY='[\"{issue}\"]'" if issue else ""
    pelican_run(f"-s {CONFIG['settings_base']}{only}")
    summary_file = Path(SETTINGS["CACHE_PATH"]) / "nordbyposten" / "summary.json"
    summary = json.loads(summary_file.read_text(encoding="utf-8"))
    if issue and not summary["issues"]:
        raise SystemExit(
            f"Nummeret {issue} findes ikke i content/{SETTINGS.get('NORDBYPOSTEN_PATH', 'nordbyposten')}/."
        )
    for row in summary["issues"]:
        state = "bygget" if row["fresh"] else "uændret"
        print(f"Nordbyposten {row['slug']}: {row['pages']} sider ({state})")
        for name in row["files"]:
            print(f"  {Path(summary['output']) / 'nordbyposten' / row['slug'] / name}")
    for warning in summary["warnings"]:
        print(warning)
    if not summary["warnings"]:
        print("Ingen billeder under 300 ppi.")


# Translations (plugins/nordby_languages).


@task
def catalogs(c):
    """Opdatér oversættelserne af websitets faste ord (theme/translations/*.po) og vis, hvad der mangler."""
    sys.path.insert(0, "plugins")
    from nordby_languages.catalogs import update_catalogs  # noqa: PLC0415 - plugins are not on the path at import

    todo = update_catalogs(".", Path(SETTINGS["THEME"]) / "translations")
    for code, words in todo.items():
        print(f"{code}: " + (f"{len(words)} ord mangler: " + "; ".join(words) if words else "alt er oversat"))
    print("Skriv oversættelserne i msgstr i theme/translations/<sprog>/LC_MESSAGES/messages.po.")
