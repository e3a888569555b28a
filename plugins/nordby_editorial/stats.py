"""The yearly figures Bysekretariatet reports: contributions, contributors, issues, activities."""

import csv
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from nordby_content.dates import build_date, month_name

# nordby_visits is no plugin, and Pelican's loader puts only plugins it loads on the import path:
# a plain `pelican` run (as the tests do) would not find it. It lives beside this package.
if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.append(str(Path(__file__).resolve().parent.parent))
from nordby_visits import yearly as visits

# The rows are (section, what, number or text); sections in the order they are printed.
CONTRIBUTIONS = "Bidrag"
PER_AREA = "Artikler pr. område"
PER_MONTH = "Artikler pr. måned"
NORDBYPOSTEN = "Nordbyposten"
ACTIVITIES = "Aktiviteter holdt pr. område"
NOT_BUILT = "ikke bygget endnu"
_IMG_SRC = re.compile(r"<img\b[^>]*\bsrc=\"([^\"]+)\"")


def photos_of(article):
    """The photos an article publishes: its lead photo and every image on the site in its text."""
    sources = {article.metadata["image"]} if article.metadata.get("image") else set()
    sources |= {src for src in _IMG_SRC.findall(article._content) if "://" not in src}
    return sources


def contribution_rows(articles, year, areas):
    """Published articles and photos of the year, their contributors, per area and month."""
    mine = [a for a in articles if a.date.year == year]
    photos = sum(len(photos_of(a)) for a in mine)
    people = {author.name for a in mine for author in a.authors}
    by_area = Counter(a.category.name for a in mine)
    by_month = Counter(a.date.month for a in mine)
    rows = [
        (CONTRIBUTIONS, "Bidrag i alt (artikler og billeder)", len(mine) + photos),
        (CONTRIBUTIONS, "Artikler", len(mine)),
        (CONTRIBUTIONS, "Billeder", photos),
        (CONTRIBUTIONS, "Borgerjournalister med bidrag", len(people)),
    ]
    rows += [(PER_AREA, area, by_area[area]) for area in areas]
    months = [month_name(m) for m in range(1, 13)]
    rows += [(PER_MONTH, months[m - 1], by_month[m]) for m in range(1, 13)]
    return rows


def nordbyposten_rows(issues, year):
    """Issues and pages of the year, from the Nordbyposten plugin's context (if it is built)."""
    if issues is None:
        return [(NORDBYPOSTEN, "Numre", NOT_BUILT), (NORDBYPOSTEN, "Sider", NOT_BUILT)]
    mine = [i for i in issues if i["issue"].year == year]
    pages = sum(i.get("page_count", 0) for i in mine)
    return [(NORDBYPOSTEN, "Numre", len(mine)), (NORDBYPOSTEN, "Sider", pages)]


def activity_rows(calendar, year, areas, today):
    """Occurrences held in the year up to today (cancelled ones left out), per area."""
    if calendar is None:
        return [(ACTIVITIES, "I alt", NOT_BUILT)]
    held = [
        o
        for o in calendar.occurrences(date(year, 1, 1), date(year + 1, 1, 1))
        if not o.cancelled and o.start.year == year and o.start.date() <= today
    ]
    by_area = Counter(o.area for o in held)
    return [(ACTIVITIES, area, by_area[area]) for area in areas] + [(ACTIVITIES, "I alt", len(held))]


def yearly_figures(context, settings, year):
    """Every row of the annual figures, from Pelican's shared context."""
    areas = settings["NORDBY_AREAS"]
    return (
        contribution_rows(context.get("articles", []), year, areas)
        + nordbyposten_rows(context.get("nordbyposten_issues"), year)
        + activity_rows(context.get("calendar"), year, areas, build_date(settings))
        + visits.rows(settings, year, context.get("articles", []))
    )


def report(rows, year):
    """The figures as an editor reads them in the terminal."""
    lines, section = [f"Tal for {year}"], None
    for name, what, number in rows:
        if name != section:
            lines.append(f"\n{name}:")
            section = name
        lines.append(f"  {what}: {number}")
    return "\n".join(lines)


def write_csv(rows, path):
    """Semicolons and a byte-order mark, so Danish Excel opens it with æ, ø and å intact."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Opgørelse", "Hvad", "Antal"])
        writer.writerows(rows)


def report_if_asked(generators):
    """With EDITORIAL_STATS_YEAR set (by `invoke stats`), print and save the figures, build nothing."""
    settings = generators[0].settings
    year = settings.get("EDITORIAL_STATS_YEAR")
    if not year:
        return
    rows = yearly_figures(generators[0].context, settings, int(year))
    target = settings.get("EDITORIAL_STATS_CSV") or f"statistik-{year}.csv"
    write_csv(rows, target)
    print(report(rows, year) + f"\n\nTallene er også gemt i {target}")
    chart = visits.chart(settings, int(year), target)
    if chart:
        print(f"Diagrammet over besøgende pr. måned er gemt i {chart}")
    raise SystemExit(0)
