"""Build-time benchmark: our site against plain Pelican on the same synthetic articles.

Run: .venv/bin/python bench/build.py [--articles 2000]
Prints our cold build, plain Pelican's cold build, our rebuild after one changed
article, and the ratios against the targets (cold <= 1.3x, rebuild <= 0.5x plain cold).
"""

import argparse
import random
import shutil
import subprocess
import sys
import time
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
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def pelican(content, output, settings, *extra):
    return [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(settings), *extra]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    content = WORK / "content"
    make_content(content, args.articles)
    plain_conf = WORK / "plain.py"
    plain_conf.write_text(PLAIN_SETTINGS.format(path=str(content)), encoding="utf-8")
    cache = f'CACHE_PATH="{WORK / "cache"}"'

    plain = timed(pelican(content, WORK / "plain", plain_conf))
    ours = timed(pelican(content, WORK / "ours", "pelicanconf.py", "-e", cache))
    changed = content / "nyheder" / "nyhed-7.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nEn rettelse.\n", encoding="utf-8")
    rebuild = timed(pelican(content, WORK / "ours", "pelicanconf.py", "-e", cache))

    print(f"articles:                    {args.articles}")
    print(f"plain Pelican, cold:         {plain:6.2f} s")
    print(f"ours, cold:                  {ours:6.2f} s   ratio {ours / plain:4.2f} (target <= 1.30)")
    print(f"ours, one article changed:   {rebuild:6.2f} s   ratio {rebuild / plain:4.2f} (target <= 0.50)")


if __name__ == "__main__":
    main()
