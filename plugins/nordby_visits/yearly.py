"""The year's visitor figures for `invoke stats`, and the chart of visitors per month."""

import os
from datetime import date
from pathlib import Path

from babel.dates import format_date

from . import summary
from .settings import resolve

VISITORS = "Besøgende på hjemmesiden"
ARTICLES = "Mest læste artikler (sidevisninger)"
DOWNLOADS = "Nordbyposten hentet som PDF"
CALENDAR = "Kalenderabonnenter"
NO_FIGURES = "ingen tal endnu (kør './dev besoeg' hver nat)"
BAR_COLOUR = "#1f5f8b"


def _month_name(year, month, width="MMMM"):
    return format_date(date(year, month, 1), width, locale="da_DK")


def monthly(path, year):
    """[(month, visitors, page views)] for the months of the year that have counted days."""
    return summary.query(
        path,
        "SELECT CAST(substr(day, 6, 2) AS INTEGER), sum(visitors), sum(page_views) FROM days "
        "WHERE substr(day, 1, 4) = ? GROUP BY 1 ORDER BY 1",
        str(year),
    )


def average(months):
    """The monthly average as the annual report gives it: the counted months' visitors, rounded."""
    return round(sum(m[1] for m in months) / len(months))


def visitor_rows(months, year):
    rows = [(VISITORS, _month_name(year, month), visitors) for month, visitors, _ in months]
    mean = average(months)
    return [
        *rows,
        (VISITORS, "Gennemsnit pr. måned", mean),
        (VISITORS, "Måneder med tal", len(months)),
        (VISITORS, "Sidevisninger i alt", sum(m[2] for m in months)),
        (
            VISITORS,
            "Til årsrapporten",
            f"Hjemmesiden havde i gennemsnit ca. {mean} besøgende om måneden i {year}.",
        ),
    ]


def article_rows(path, year, articles, top):
    """The year's most-read articles by page views, with their titles from the build."""
    by_path = {"/" + a.url.lstrip("/"): a for a in articles}
    views = summary.query(
        path, "SELECT path, sum(views) FROM pages WHERE substr(day, 1, 4) = ? GROUP BY path", str(year)
    )
    read = sorted(((n, p) for p, n in views if p in by_path), key=lambda x: (-x[0], x[1]))
    return [(ARTICLES, by_path[p].title, n) for n, p in read[:top]]


def download_rows(path, year):
    found = summary.query(
        path,
        "SELECT issue, sum(downloads) FROM downloads WHERE substr(day, 1, 4) = ? GROUP BY issue ORDER BY issue",
        str(year),
    )
    return [(DOWNLOADS, f"Nordbyposten {issue}", n) for issue, n in found]


def calendar_rows(path, year):
    mean, most = summary.query(
        path,
        "SELECT avg(calendar_subscribers), max(calendar_subscribers) FROM days WHERE substr(day, 1, 4) = ?",
        str(year),
    )[0]
    return [(CALENDAR, "Gennemsnit pr. dag", round(mean)), (CALENDAR, "Højeste på én dag", most)]


def rows(settings, year, articles):
    """Every visitor row of the yearly figures (section, what, number)."""
    visits = resolve(settings)
    path = visits["VISITS_SUMMARY"]
    months = monthly(path, year) if Path(path).is_file() else []
    if not months:
        return [(VISITORS, "Besøgende", NO_FIGURES)]
    return (
        visitor_rows(months, year)
        + article_rows(path, year, articles, visits["VISITS_TOP_ARTICLES"])
        + download_rows(path, year)
        + calendar_rows(path, year)
    )


def chart_path(csv_target):
    """The chart is written beside the figures' CSV: statistik-2014.csv -> statistik-2014-besoegende.png."""
    target = Path(csv_target)
    return target.with_name(f"{target.stem}-besoegende.png")


def draw(months, year, target):
    """One bar chart of visitors per month, with the monthly average, as a PNG."""
    from matplotlib.figure import Figure  # noqa: PLC0415 - matplotlib is slow to import; only stats draws

    figure = Figure(figsize=(8, 4.5), dpi=120, layout="constrained")
    axes = figure.subplots()
    names = [_month_name(year, m, "MMM") for m, _, _ in months]
    bars = axes.bar(names, [m[1] for m in months], color=BAR_COLOUR, zorder=2)
    # The numbers sit inside the bars' tops, where the average's line cannot cross them.
    axes.bar_label(bars, padding=-18, color="white", fontweight="bold", zorder=3)
    mean = average(months)
    axes.axhline(mean, color="#b03a2e", linestyle="--", zorder=1, label=f"Gennemsnit: {mean} om måneden")
    axes.set_title(f"Besøgende på randersnordby.dk pr. måned, {year}", loc="left")
    axes.set_ylabel("Besøgende (læsere pr. dag, lagt sammen)")
    axes.spines[["top", "right"]].set_visible(False)
    figure.legend(loc="outside upper right", frameon=False)
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    partial = Path(target).with_name(Path(target).name + ".skrives.png")
    figure.savefig(partial)
    os.replace(partial, target)
    return target


def chart(settings, year, csv_target):
    """Draw the chart beside the CSV if the summary has figures for the year; its path, or None."""
    path = resolve(settings)["VISITS_SUMMARY"]
    months = monthly(path, year) if Path(path).is_file() else []
    return draw(months, year, chart_path(csv_target)) if months else None
