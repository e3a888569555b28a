"""Build-time benchmark: our site against plain Pelican on the same synthetic articles.

Run: .venv/bin/python bench/build.py [--articles 2000]
Prints CPU seconds (user + system, the fastest of --repeat runs) of our cold build, plain
Pelican's cold build and our rebuild after one changed
article, and the ratios against the targets (cold <= 1.3x, rebuild <= 0.5x plain cold).
"""

import argparse
import random
import resource
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


def timed(cmd):
    """CPU seconds (user + system) of the build: steadier than wall time on a shared machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def pelican(content, output, settings, *extra):
    return [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(settings), *extra]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the fastest counts")
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    content = WORK / "content"
    make_content(content, args.articles)
    plain_conf = WORK / "plain.py"
    plain_conf.write_text(PLAIN_SETTINGS.format(path=str(content)), encoding="utf-8")
    cache = f'CACHE_PATH="{WORK / "cache"}"'

    # Alternate the runs and keep the fastest of each, so load from other processes
    # on a shared machine hits both sides alike.
    plain, ours, rebuild, no_search, no_search_rebuild = [], [], [], [], []
    changed = content / "nyheder" / "nyhed-7.md"
    without_search = ("-e", cache, "HOSTING_SEARCH_INDEX=false")
    for run in range(args.repeat):
        for folder in ("plain", "ours", "cache"):
            shutil.rmtree(WORK / folder, ignore_errors=True)
        plain.append(timed(pelican(content, WORK / "plain", plain_conf)))
        ours.append(timed(pelican(content, WORK / "ours", "pelicanconf.py", "-e", cache)))
        changed.write_text(changed.read_text(encoding="utf-8") + f"\nRettelse {run}.\n", encoding="utf-8")
        rebuild.append(timed(pelican(content, WORK / "ours", "pelicanconf.py", "-e", cache)))
        shutil.rmtree(WORK / "cache", ignore_errors=True)
        no_search.append(timed(pelican(content, WORK / "ours", "pelicanconf.py", *without_search)))
        changed.write_text(changed.read_text(encoding="utf-8") + f"\nRettelse {run}b.\n", encoding="utf-8")
        no_search_rebuild.append(timed(pelican(content, WORK / "ours", "pelicanconf.py", *without_search)))
    plain, ours, rebuild = min(plain), min(ours), min(rebuild)
    no_search, no_search_rebuild = min(no_search), min(no_search_rebuild)

    print(f"articles:                    {args.articles}")
    print(f"plain Pelican, cold:         {plain:6.2f} s CPU")
    print(f"ours, cold:                  {ours:6.2f} s CPU  ratio {ours / plain:4.2f} (target <= 1.30)")
    print(f"ours without search index:   {no_search:6.2f} s CPU  ratio {no_search / plain:4.2f}")
    print(f"ours, one article changed:   {rebuild:6.2f} s CPU  ratio {rebuild / plain:4.2f} (target <= 0.50)")
    print(
        f"  the same, no search index: {no_search_rebuild:6.2f} s CPU  ratio {no_search_rebuild / plain:4.2f}"
    )


if __name__ == "__main__":
    main()
