"""Tasks for editors and developers: build, preview, check, publish, test (run with invoke)."""

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
    server = Server()
    watched = [f"{SETTINGS['PATH']}/**/*", f"{SETTINGS['THEME']}/**/*", "plugins/**/*.py", SETTINGS_FILE_BASE]
    for pattern in watched:
        server.watch(pattern, safe_build)
    print(f"Websitet vises på http://localhost:{CONFIG['port']} – stop med Ctrl+C.")
    server.serve(host="localhost", port=CONFIG["port"], root=CONFIG["deploy_path"])


@task
def preview(c):
    """Byg websitet med de rigtige (produktions-)indstillinger til output/."""
    pelican_run(f"-s {CONFIG['settings_publish']}")


def _switch_current(root, release):
    """Point root/current at release in one atomic rename, so readers never see a mix."""
    tmp_link = root / f".current-{os.getpid()}"
    tmp_link.symlink_to(release.relative_to(root), target_is_directory=True)
    os.replace(tmp_link, root / "current")


def _prune_releases(root, keep):
    releases = sorted(p for p in (root / "releases").iterdir() if p.is_dir())
    current = (root / "current").resolve()
    for old in releases[:-keep]:
        if old.resolve() != current:
            shutil.rmtree(old)


@task
def publish(c):
    """Byg det offentlige website i en ny mappe og skift først til den, når alt er gået godt."""
    root = Path(CONFIG["publish_root"]).resolve()
    release = root / "releases" / time.strftime("%Y%m%d-%H%M%S")
    building = release.with_name(release.name + ".bygger")
    building.parent.mkdir(parents=True, exist_ok=True)
    try:
        pelican_run(f"-s {CONFIG['settings_publish']} -o {building}")
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
