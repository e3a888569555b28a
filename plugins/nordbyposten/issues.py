"""Issues of Nordbyposten: read from their definition files, with their articles."""

import itertools
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from nordby_content.problems import WARNING, Problem

_PERIOD = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*(?:til|–|-{1,2})\s*(\d{4}-\d{2}-\d{2})\s*$")
FIELD_FIXES = {
    "number": "skriv fx 'Number: 1' (nummeret i årgangen)",
    "year": "skriv fx 'Year: 2014'",
    "period": "skriv fx 'Period: 2014-01-01 til 2014-04-30'",
    "date": "skriv udgivelsesdagen, fx 'Date: 2014-04-30'",
    "editors": "skriv redaktørerne adskilt af komma, fx 'Editors: Lise Holm, Ahmad Karimi'",
    "print_run": "skriv oplaget som et tal, fx 'Print_run: 2500'",
    "next_deadline": "skriv fx 'Next_deadline: 2014-08-01'",
    "cover": "skriv adressen (slug) på forsidehistorien, fx 'Cover: babycafeen-samler-moedre'",
}
REQUIRED = tuple(FIELD_FIXES)


@dataclass
class Issue:
    """One issue: its facts from the definition file, its editorial and its articles."""

    source: object  # the Pelican content object read from the definition file
    slug: str
    number: int
    year: int
    start: date
    end: date
    published: date
    editors: list
    print_run: int
    next_deadline: date
    cover_slug: str
    order: list
    exclude: list
    print_only: list
    articles: list = field(default_factory=list)  # in print order, cover first

    @property
    def title(self):
        return f"Nordbyposten nr. {self.number} · {self.year}"

    @property
    def cover(self):
        return self.articles[0]

    @property
    def editorial(self):
        return self.source


def slug_list(value):
    """'a, b,c' -> ['a', 'b', 'c'] (Pelican gives metadata as plain strings)."""
    return [s.strip() for s in str(value or "").split(",") if s.strip()]


def _as_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


class IssueReader:
    """Turns one definition file into an Issue, collecting Danish problems instead of raising."""

    def __init__(self, ctx, doc):
        self.ctx, self.doc, self.problems = ctx, doc, []
        self.where = ctx.rel(doc.source_path)

    def problem(self, name, message, fix, severity="fejl"):
        self.problems.append(self.ctx.problem(self.doc, name, message, fix, severity))

    def value(self, name, parse):
        raw = getattr(self.doc, name, None) or self.doc.metadata.get(name)
        if raw in (None, ""):
            self.problem(name, f"Feltet {name.capitalize()} mangler.", FIELD_FIXES[name])
            return None
        try:
            return parse(raw)
        except (ValueError, TypeError):
            self.problem(name, f'Værdien "{raw}" kan ikke læses.', FIELD_FIXES[name])
            return None

    def period(self, raw):
        match = _PERIOD.match(str(raw))
        if not match:
            raise ValueError(raw)
        start, end = (date.fromisoformat(g) for g in match.groups())
        if end < start:
            raise ValueError(raw)
        return start, end

    def read(self):
        values = {
            "number": self.value("number", int),
            "year": self.value("year", int),
            "period": self.value("period", self.period),
            "date": self.value("date", _as_date),
            "editors": self.value("editors", slug_list),
            "print_run": self.value("print_run", int),
            "next_deadline": self.value("next_deadline", _as_date),
            "cover": self.value("cover", str),
        }
        if self.problems:
            return None
        meta = self.doc.metadata
        return Issue(
            source=self.doc,
            slug=meta.get("slug") or f"{values['year']}-{values['number']}",
            number=values["number"],
            year=values["year"],
            start=values["period"][0],
            end=values["period"][1],
            published=values["date"],
            editors=values["editors"],
            print_run=values["print_run"],
            next_deadline=values["next_deadline"],
            cover_slug=values["cover"].strip(),
            order=slug_list(meta.get("order")),
            exclude=slug_list(meta.get("exclude")),
            print_only=slug_list(meta.get("print_only")),
        )


def is_web_only(article):
    """An article marked 'Web_only: ja' (or 'Nordbyposten: nej') never goes to print."""
    flag = str(getattr(article, "web_only", "")).strip().lower()
    named = str(getattr(article, "nordbyposten", "")).strip().lower()
    return flag in {"ja", "yes", "true", "1"} or named in {"nej", "no"}


def members(issue, articles):
    """Published articles of the issue: named for it, or dated in its period and not named elsewhere."""
    chosen = []
    for article in articles:
        named = str(getattr(article, "nordbyposten", "") or "").strip()
        in_period = issue.start <= article.date.date() <= issue.end
        if is_web_only(article) or article.slug in issue.exclude:
            continue
        if named == issue.slug or (in_period and not named):
            chosen.append(article)
    return chosen


def print_order(issue, chosen, extra):
    """Cover first, then the explicit order, then the rest by date; extra = print-only items."""
    by_slug = {a.slug: a for a in [*chosen, *extra]}
    first = [issue.cover_slug, *[s for s in issue.order if s != issue.cover_slug]]
    ordered = [by_slug[s] for s in first if s in by_slug]
    rest = sorted((a for a in chosen if a not in ordered), key=lambda a: a.date)
    return ordered + rest + [e for e in extra if e not in ordered]


def reference_problems(reader, issue, all_slugs, chosen, extra):
    """Slugs named by the issue that do not exist or are not in it."""
    in_issue = {a.slug for a in [*chosen, *extra]}
    named = [("cover", issue.cover_slug)] + [("order", s) for s in issue.order]
    named += [("exclude", s) for s in issue.exclude]
    for name, slug in named:
        if slug not in all_slugs and slug not in in_issue:
            fix = "skriv artiklens adresse (Slug:) præcis, som den står i artiklen"
            reader.problem(name, f'Artiklen "{slug}" findes ikke.', fix)
        elif name != "exclude" and slug not in in_issue:
            fix = (
                "fjern den fra 'Exclude:', skriv 'Nordbyposten: "
                + issue.slug
                + "' i artiklen, eller vælg en anden"
            )
            reader.problem(name, f'Artiklen "{slug}" er ikke med i dette nummer.', fix)


def overlap_problems(ctx, issues):
    """Two issues whose periods overlap would print the same articles twice."""
    ordered = sorted(issues, key=lambda i: i.start)
    for before, after in itertools.pairwise(ordered):
        if after.start <= before.end:
            where = ctx.rel(after.source.source_path)
            line = after.source.field_lines.get("period", 1)
            other = ctx.rel(before.source.source_path)
            message = f"Perioden overlapper med {other} ({before.start} til {before.end})."
            yield Problem(
                where, line, "Period", message, "ret datoerne, så hvert nummer har sin egen periode"
            )


def image_problems(ctx, issue, content_path):
    """A printed photo needs the photographer's name (a missing photo is the content model's to report)."""
    for article in issue.articles:
        image = getattr(article, "image", None)
        if image and (Path(content_path) / image).is_file() and not getattr(article, "image_credit", None):
            line = getattr(article, "field_lines", {}).get("image", 1)
            fix = "skriv 'Image_credit: Foto: Navn' under billedet"
            yield Problem(
                ctx.rel(article.source_path),
                line,
                "Image_credit",
                "Billedet mangler fotografens navn.",
                fix,
                WARNING,
            )
