"""Build-time benchmark: our site against plain Pelican on the same synthetic articles.

Run: .venv/bin/python bench/build.py [--articles 2000] [--repeat 3]
Prints CPU seconds (user + system of the whole process tree, the fastest of --repeat runs) of
plain Pelican's cold build, our cold build and our rebuild after one changed article (both with
pelicanconf.py, the settings of every development build), the peak memory of each cold build, and
the ratios against the targets of issue 13: at 2,000 articles cold <= 1.0x and one article changed
<= 0.25x plain Pelican's cold build; at 10,000 articles (`--articles 10000`) cold <= 1.1x and peak
memory <= 1.5x plain Pelican's. For the record it also times the two steps only a published release
runs: the Pagefind search index, and the whole production build (publishconf.py: search index and
.gz copies included). The cost of translations: our cold build of the same site with
--translations more files (`Lang:` ar/so/en beside their Danish originals, stamped as current), against
our cold build without them (target <= 1.3x).
"""

import argparse
import compileall
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work" / "build"
sys.path.insert(0, str(ROOT))
from pelicanconf import NORDBY_AREAS  # noqa: E402

AUTHORS = [f"Journalist {n}" for n in range(1, 17)]
WORDS = [
    "beboere",
    "ParkCafeen",
    "fællesspisning",
    "børn",
    "unge",
    "job",
    "kursus",
    "Vangdalen",
    "Jennumparken",
    "naturvejleder",
]
PLAIN_SETTINGS = """
PATH = {path!r}
ARTICLE_PATHS = ["nyheder"]
TIMEZONE = "Europe/Copenhagen"
DEFAULT_LANG = "da"
SITEURL = ""
"""


def paragraph(rng):
    return " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "."


def make_content(path, count):
    """Write `count` articles, spread over areas, authors, tags and two years."""
    rng = random.Random(4)
    (path / "data").mkdir(parents=True)
    registry = "".join(f"- navn: {a}\n  bio: Skriver om Nordby.\n" for a in AUTHORS)
    (path / "data" / "forfattere.yml").write_text(registry, encoding="utf-8")
    folder = path / "nyheder"
    folder.mkdir()
    for n in range(count):
        body = "\n\n".join(paragraph(rng) for _ in range(6))
        header = (
            f"Title: Nyhed nummer {n} fra Nordby\nDate: {2013 + n % 2}-{1 + n % 12:02d}-{1 + n % 28:02d} 10:00\n"
            f"Author: {AUTHORS[n % len(AUTHORS)]}\nCategory: {NORDBY_AREAS[n % 6]}\n"
            f"Tags: {rng.choice(WORDS)}, {rng.choice(WORDS)}\nSummary: {paragraph(rng)[:120]}\nSlug: nyhed-{n}\n\n"
        )
        (folder / f"nyhed-{n}.md").write_text(header + "## Baggrund\n\n" + body + "\n", encoding="utf-8")


LANGS = ("ar", "so", "en")
_STAMP = re.compile(r"^(\S+?\.md):\d+: ADVARSEL \[Translated_from\].*'Translated_from: ([0-9a-f]+)'", re.M)


def make_translations(content, target, count):
    """A copy of content with `count` translations of its first articles, stamped the way an editor
    does it: the checker names the stamp of each original, and it is written into the translation."""
    shutil.copytree(content, target)
    for n in range(count):
        original = (target / "nyheder" / f"nyhed-{n}.md").read_text(encoding="utf-8")
        header, body = original.split("\n\n", 1)
        lang = LANGS[n % len(LANGS)]
        header = header.replace(f"Title: Nyhed nummer {n}", f"Title: News {n} ({lang})")
        text = f"{header}\nLang: {lang}\nTranslated_from: 0\n\n{body}"
        (target / "nyheder" / f"nyhed-{n}.{lang}.md").write_text(text, encoding="utf-8")
    check = pelican(target, WORK / "check", "pelicanconf.py", "-e", "NORDBY_CHECK_ONLY=true")
    report = subprocess.run(check, cwd=ROOT, capture_output=True, text=True, check=False).stderr
    for relative, stamp in _STAMP.findall(report):
        path = WORK / relative
        path.write_text(
            path.read_text(encoding="utf-8").replace("Translated_from: 0\n", f"Translated_from: {stamp}\n")
        )


PEAK_MB = {}  # the largest resident set of each kind of run, in MB


def timed(cmd, name=None):
    """CPU seconds (user + system) of the build: steadier than wall time on a shared machine.

    With a name, also remembers the peak memory of the build (its largest process, workers included).
    """
    with subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as proc:
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n{out.decode(errors='replace')}")
    if name:
        PEAK_MB[name] = max(PEAK_MB.get(name, 0), usage.ru_maxrss / 1024)
    return usage.ru_utime + usage.ru_stime


def pelican(content, output, settings, *extra):
    return [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(settings), *extra]


def search_index(output):
    """Index a built site the way `invoke search-index` and a published build do."""
    code = (
        "import sys; sys.path.insert(0, 'plugins'); from nordby_hosting.search import build_index; "
        f"build_index({str(output)!r}, 'da', {str(WORK / 'search-cache')!r})"
    )
    shutil.rmtree(WORK / "search-cache", ignore_errors=True)
    return [sys.executable, "-c", code]


def compile_ours():
    """Write the bytecode of our plugins and settings, as an install writes plain Pelican's.

    A first run writes it too, unless the environment forbids it (PYTHONDONTWRITEBYTECODE, set on
    some machines): then every timed build of ours compiled some 80 modules again (0.15 s) while
    plain Pelican's came compiled from its install."""
    compileall.compile_dir(ROOT / "plugins", quiet=1)
    for settings in ("pelicanconf.py", "publishconf.py"):
        compileall.compile_file(ROOT / settings, quiet=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the fastest counts")
    parser.add_argument("--translations", type=int, default=500, help="translated articles (ar/so/en)")
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    compile_ours()
    content = WORK / "content"
    make_content(content, args.articles)
    plain_conf = WORK / "plain.py"
    plain_conf.write_text(PLAIN_SETTINGS.format(path=str(content)), encoding="utf-8")
    cache = f'CACHE_PATH="{WORK / "cache"}"'
    translated = WORK / "content-lang"
    make_translations(content, translated, args.translations)

    # Alternate the runs and keep the fastest of each, so load from other processes
    # on a shared machine hits both sides alike.
    runs = {"plain": [], "ours": [], "rebuild": [], "search": [], "production": [], "translated": []}
    changed = content / "nyheder" / "nyhed-7.md"
    for run in range(args.repeat):
        for folder in ("plain", "ours", "cache", "production", "translated", "tcache"):
            shutil.rmtree(WORK / folder, ignore_errors=True)
        runs["plain"].append(timed(pelican(content, WORK / "plain", plain_conf), "plain"))
        runs["ours"].append(timed(pelican(content, WORK / "ours", "pelicanconf.py", "-e", cache), "ours"))
        tcache = cache.replace("cache", "tcache")
        runs["translated"].append(
            timed(pelican(translated, WORK / "translated", "pelicanconf.py", "-e", tcache))
        )
        changed.write_text(changed.read_text(encoding="utf-8") + f"\nRettelse {run}.\n", encoding="utf-8")
        runs["rebuild"].append(timed(pelican(content, WORK / "ours", "pelicanconf.py", "-e", cache)))
        runs["search"].append(timed(search_index(WORK / "ours")))
        production = pelican(
            content, WORK / "production", "publishconf.py", "-e", cache.replace("cache", "pcache")
        )
        runs["production"].append(timed(production))
    best = {name: min(times) for name, times in runs.items()}
    plain = best["plain"]

    large = args.articles >= 10_000
    cold_target, memory = (1.1, PEAK_MB["ours"] / PEAK_MB["plain"]) if large else (1.0, None)
    print(f"articles:                     {args.articles}")
    print(f"plain Pelican, cold:          {plain:6.2f} s CPU  peak {PEAK_MB['plain']:6.0f} MB")
    print(
        f"ours, cold:                   {best['ours']:6.2f} s CPU  peak {PEAK_MB['ours']:6.0f} MB  "
        f"ratio {best['ours'] / plain:4.2f} (target <= {cold_target:.2f})"
    )
    print(
        f"ours, one article changed:    {best['rebuild']:6.2f} s CPU  ratio {best['rebuild'] / plain:4.2f}"
        + ("" if large else " (target <= 0.25)")
    )
    print(
        f"ours + {args.translations} translations, cold: {best['translated']:6.2f} s CPU  "
        f"ratio {best['translated'] / best['ours']:4.2f} against ours without them (target <= 1.30)"
    )
    if memory is not None:
        print(f"peak memory, ours/plain:      {memory:4.2f} (target <= 1.50)")
    print("published releases only (no target):")
    print(f"  search index (Pagefind):    {best['search']:6.2f} s CPU  ratio {best['search'] / plain:4.2f}")
    print(
        f"  production build, whole:    {best['production']:6.2f} s CPU  ratio {best['production'] / plain:4.2f}"
    )


if __name__ == "__main__":
    main()
