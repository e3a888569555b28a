"""The Nordbyposten generator: reads the issues, lays them out once all content is read, writes."""

import io
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator
from nordby_incremental.carried import Carried
from nordby_incremental.fingerprint import Fingerprints, Unknown, text_digest
from pelican.contents import Article, Page
from pelican.generators import Generator

from nordby_content.problems import ContentErrors, ProblemLog
from nordby_content.rules import RuleContext, build_date
from nordby_content.signals import while_waiting

from . import (
    background,
    booklet,
    cover,
    fill,
    fillers,
    housefit,
    issues,
    languages,
    layout,
    order,
    outputs,
    pdfs,
    render,
)
from .calendar_section import calendar_section, next_publication

logger = logging.getLogger(__name__)
HOUSE_PAGES = ("bliv-borgerjournalist", "om-bysekretariatet", "kontakt")
# The house page when the site has none of HOUSE_PAGES: never a blank page.
WRITE_TO_US = (
    "<p>Nordbyposten er skrevet af beboere i Randers Nordby. Har du en historie fra din opgang, "
    "din forening eller dit arbejde? Så skriv den, og tag gerne et billede.</p>"
    "<p>Du behøver ikke at være god til dansk eller til computere. Kom forbi ParkCafeen, "
    "eller skriv til redaktionen, så hjælper vi med resten.</p>"
)
# An issue's input key and print order by a digest of what its HTML is made from, carried to the
# next build: the warm server (`./dev serve`) prepares for print only the issues a save changed.
_KNOWN = Carried()


class NordbypostenGenerator(Generator):
    """Reads content/nordbyposten/, lays out each issue, writes PDFs, pages and a feed."""

    def generate_context(self):
        self.ctx = RuleContext.of(self.settings)
        self.issues, parsed = [], []
        self.editions = {}
        folder = Path(self.path) / self.settings["NORDBYPOSTEN_PATH"]
        sources = sorted(folder.glob("*.md")) if folder.is_dir() else []
        for source in sources:
            parsed.append(self._read_issue(source))
        self.ctx.log.extend(issues.overlap_problems(self.ctx, [i for i in parsed if i]))
        self.issues.sort(key=lambda i: i.start, reverse=True)
        self.planned = list(self.issues)  # the calendar of an issue runs until the next one's date
        self.issues = self._chosen(self.issues)
        public = [i for i in self.issues if not self.proof]
        self.context["nordbyposten_issues"] = [self.summary(i) for i in public]

    @property
    def proof(self):
        return self.settings["NORDBYPOSTEN_PROOF"]

    def _chosen(self, found):
        """The proof's issue alone; otherwise the issues whose publication date has come."""
        if self.proof:
            return [i for i in found if i.slug == self.proof]
        today = build_date(self.settings)
        for issue in found:
            if issue.published > today:
                logger.info(
                    "Nordbyposten %s udkommer %s og kommer først på hjemmesiden den dag.",
                    issue.slug,
                    issue.published,
                )
        return [i for i in found if i.published <= today]

    def _read(self, source):
        rel = Path(source).relative_to(self.path).as_posix()
        return self.readers.read_file(base_path=self.path, path=rel, content_class=Page, context=self.context)

    def _read_issue(self, source):
        doc = self._read(source)
        proofed = self.proof in {Path(source).stem, getattr(doc, "slug", None)}
        if doc is None or (getattr(doc, "status", "published") != "published" and not proofed):
            return None
        reader = issues.IssueReader(self.ctx, doc)
        issue = reader.read()
        if issue is None:
            self.ctx.log.extend(reader.problems)
            return None
        articles = self.context.get("articles", [])
        chosen = issues.members(issue, articles)
        extra = [self._print_only(reader, name) for name in issue.print_only]
        extra = [e for e in extra if e is not None]
        issues.reference_problems(reader, issue, {a.slug for a in articles}, chosen, extra)
        issue.articles = issues.print_order(issue, chosen, extra)
        self.ctx.log.extend(reader.problems)
        if not reader.problems and issue.articles:
            self.ctx.log.extend(issues.image_problems(self.ctx, issue, self.path))
            self.issues.append(issue)
        return issue

    def _print_only(self, reader, name):
        path = Path(self.path) / self.settings["NORDBYPOSTEN_PATH"] / name
        if not path.is_file():
            fix = "læg filen i " + self.settings["NORDBYPOSTEN_PATH"] + "/ eller ret navnet"
            reader.problem("print_only", f'Filen "{name}" findes ikke.', fix)
            return None
        return self._read(path)

    def summary(self, issue):
        """What the website's templates need to list an issue."""
        url = self.settings["NORDBYPOSTEN_URL"].format(slug=issue.slug)
        files = {k: url + v.format(slug=issue.slug) for k, v in outputs.FILES.items()}
        return {
            "issue": issue,
            "slug": issue.slug,
            "title": issue.title,
            "period": layout.period_name(issue),
            "url": url,
            "files": files,
            "articles": [a for a in issue.articles if isinstance(a, Article)],
        }

    # Layout: called from the all_generators_finalized receiver, before anything is written.
    def lay_out(self):
        """Render every chosen issue (or take it from the cache); stop on any problem."""
        only = self.settings["NORDBYPOSTEN_ONLY"]
        log = ProblemLog()
        chosen = [issue for issue in self.issues if not only or issue.slug in only]
        editions = self._editions(chosen, outputs.code_version())
        for issue in chosen:
            edition = editions[issue.slug]
            where = self.ctx.rel(issue.source.source_path)
            log.extend(outputs.ppi_problems(self.ctx, where, edition, self.settings))
            for problem in (
                outputs.page_problem(where, edition, self.settings),
                outputs.front_problem(where, edition),
            ):
                if problem:
                    log.add(problem)
            self.editions[issue.slug] = edition
            # The annual figures (invoke stats) count the printed pages.
            for info in self.context["nordbyposten_issues"]:
                if info["slug"] == issue.slug:
                    info["page_count"] = edition.pages
        if log.errors:
            raise ContentErrors(log)
        for problem in log.warnings:
            logger.warning("%s", problem)
        self.warnings = [str(p) for p in log.warnings]

    def _editions(self, chosen, version):
        """Each issue's edition: from the cache, or laid out anew, several issues at once on several cores."""
        editions, jobs = {}, {}
        fingerprints = Fingerprints()  # the issues share the calendar and the settings: digested once
        self.inputs = {issue.slug: self._inputs(issue, version, fingerprints) for issue in chosen}

        def layouts():
            # Longest first, so the last issue to start is a short one and no core waits long for the
            # other at the end. Each is started as soon as it is prepared and a core is free.
            for issue in sorted(chosen, key=_text_length, reverse=True):
                found = self._known(issue) or self._edition(issue, version)
                if isinstance(found, Layout):
                    jobs[issue.slug] = found
                    render.preload()  # imported here once, not in each child process
                    yield found
                else:
                    editions[issue.slug] = found

        if len(chosen) > 1 and self.settings["NORDBYPOSTEN_CACHE"]:
            # Each child leaves its edition in the issue cache; the build's process meanwhile does
            # what other plugins can do ahead (nordby_incremental compiles the theme's templates).
            background.in_parallel(layouts(), meanwhile=lambda: while_waiting.send(self))
        else:
            list(layouts())
        for slug, job in jobs.items():
            # A child that failed leaves nothing: the issue is laid out here, and its error reported.
            editions[slug] = job.stored(fresh=True) or job()
        return {issue.slug: editions[issue.slug] for issue in chosen}

    def _known(self, issue):
        """The cached edition when the issue's inputs are those of an issue the last build prepared."""
        inputs = self.inputs[issue.slug]
        known = _KNOWN.find(inputs) if inputs else None
        cached = outputs.load_cached(self.settings, issue.slug, known[0]) if known else None
        if cached:
            place = {path: n for n, path in enumerate(known[1])}
            issue.articles.sort(key=lambda a: place[a.source_path])  # as _order_to_fill left them
            logger.info("Nordbyposten %s er uændret; bruger de færdige filer.", issue.slug)
        return cached

    def _inputs(self, issue, version, fingerprints):
        """A digest of what _edition makes the issue's HTML from (None: something without a digest):
        its documents with their text, their translations, the calendar, the photos, the settings,
        the theme's word lists (the page "På dit sprog")."""
        docs = [issue.source, *issue.articles]
        docs += [t for a in issue.articles for t in getattr(a, "translations", [])]
        files = [Path(self.path) / d.image for d in docs if getattr(d, "image", None)]
        files += sorted((Path(self.settings["THEME"]) / "translations").rglob("*"))
        calendar = self.context.get("calendar")
        made_from = getattr(calendar, "inputs", None)  # what the calendar is made from: cheaper than itself
        if calendar is not None and made_from is None:
            return None
        settings = {k: v for k, v in self.settings.items() if not k.startswith("_")}  # not plugins' state
        try:
            return fingerprints.digest(
                [
                    version,
                    settings,
                    issue,
                    [(d, text_digest(d)) for d in docs],
                    [(str(p), *_stat(p)) for p in files],
                    made_from,
                    self.context.get("image_originals"),
                    [i.published for i in self.planned],
                ]
            )
        except Unknown:
            return None

    def _edition(self, issue, version):
        """The cached or previous edition, or the Layout that makes it."""
        address = self.settings["NORDBYPOSTEN_SITE_ADDRESS"]
        until = next_publication(issue, self.planned)
        calendar = calendar_section(self.context, issue.published, until, layout.short_link(address))
        originals = self.context.get("image_originals")
        filled = self.settings["NORDBYPOSTEN_FILL"]  # off: the bare layout, Kort nyt in the flow
        short = layout.kort_nyt(issue) if filled else []
        leave_out = {a.slug for a in short}
        self._order_to_fill(issue, leave_out)
        html = layout.main_html(issue, self.settings, calendar, address, originals, leave_out=leave_out)
        anchors = layout.anchors_of(issue)
        stories = [layout.story(a, anchors, self.settings, address, originals) for a in short]
        contact = self.settings.get("NORDBY_CONTACT", {})
        # Photo boxes show again the photo of a story inside, never the cover's (the front page's own).
        featured = [("a-" + a.slug, a) for a in issue.articles[1:] if a.slug not in leave_out]
        pool = fillers.pool(
            issue, calendar, self.settings, address=address, contact=contact, short=stories, featured=featured
        )
        pool = pool if filled else []
        # Kort nyt that finds no gap is printed in the flow after all, and a cover story whose opening
        # does not fit on the front page starts inside (a second layout each, seldom needed).
        main_for = lambda opening=None, in_flow=False: layout.main_html(  # noqa: E731
            issue,
            self.settings,
            calendar,
            address,
            originals,
            leave_out=() if in_flow else leave_out,
            opening=opening,
        )
        # The page "På dit sprog" (numbered once the main part is laid out) is part of the key.
        page = languages.languages_html(issue, self.settings, address, 0) or ""
        key = outputs.input_key(html + page + "".join(e.html for e in pool), self.settings, version)
        if self.inputs.get(issue.slug):
            _KNOWN.keep(self.inputs[issue.slug], (key, [a.source_path for a in issue.articles]))
        cached = outputs.load_cached(self.settings, issue.slug, key)
        if cached:
            logger.info("Nordbyposten %s er uændret; bruger de færdige filer.", issue.slug)
            return cached
        job = Layout(self, issue, html, address=address, key=key, pool=pool, main_for=main_for)
        return self._in_background(job) or job

    def _in_background(self, job):
        """The development server: the previous edition now, the new one laid out in a child process."""
        slug = job.issue.slug
        if not self.settings["NORDBYPOSTEN_BACKGROUND"] or background.failed(slug, job.key):
            return None
        previous = outputs.load_cached(self.settings, slug, None)
        if previous is None:  # nothing to show yet: the first layout is done here
            return None
        background.start(slug, job.key, job)
        previous.pending = True
        return previous

    def _order_to_fill(self, issue, leave_out):
        """Cover and Order: first; the other stories in the flow in the order that leaves least blank."""
        named = [issue.cover_slug, *issue.order]
        fixed = [a for a in issue.articles[1:] if a.slug in named]
        free = [
            a
            for a in issue.articles[1:]
            if isinstance(a, Article) and a.slug not in named and a.slug not in leave_out
        ]
        words = cover.OPENING_WORDS[self.settings["NORDBYPOSTEN_PAGE_SIZE"]]
        before = order.inside_start(issue, fixed, self.settings, words)
        issue.articles = order.reorder(issue.articles, free, self.settings, before)

    def make_edition(self, issue, html, address):
        """Lay out main part and house pages once, then write the three PDFs and the cover."""
        with render.font_config() as fonts:
            return self._make_edition(issue, html, address, fonts)

    def _make_edition(self, issue, html, address, fonts):
        clock = render.Clock()
        base = Path(self.path).resolve().as_uri() + "/"
        main = clock("layout", render.render_html, html, base, fonts)
        opening = None
        if not render.front_page_fits(main):
            logger.info("Nordbyposten %s: forsidehistorien begynder inde i avisen.", issue.slug)
            opening = 0
            main = clock("layout", render.render_html, self.main_for(opening), base, fonts)

        def make_items(fragments, width):
            pages = fill.story_pages(main)  # the main part as laid out when the items are first needed
            fragments = [fill.number_references(f, pages) for f in fragments]
            html = fillers.document(issue, self.settings, fragments, width)
            return fill.lay_out_items(html, base, fonts)

        limits = {"photo": fillers.MAX_PHOTO_BOXES}
        pool = fill.Pool(getattr(self, "pool", []), make_items, limits)
        clock("fill", self._fill_main, main, pool)
        if pool.unplaced():
            logger.info("Nordbyposten %s: Kort nyt sættes ind mellem artiklerne.", issue.slug)
            main = clock("layout", render.render_html, self.main_for(opening, in_flow=True), base, fonts)
            pool = fill.Pool(pool.optional(), make_items, limits)
            clock("fill", self._fill_main, main, pool)
        extra = clock("på dit sprog", self._languages, issue, len(main.pages), address, base, fonts)
        before_tail = len(main.pages) + len(extra.pages if extra else [])
        tail = clock("house pages", self._tail, issue, before_tail, address, base, fonts)
        house = dict(enumerate(p.slug for p in self._house_pages(len(tail.pages) - 1)))

        def own_page(number, entry):
            return entry.topic and entry.topic == house.get(number)  # never on the page it stands for

        clock("fill", fill.fill, tail, range(len(tail.pages) - 1), pool, own_page)
        if extra:  # what the house pages leave goes into the foot of "På dit sprog"
            clock("fill", fill.fill, extra, range(len(extra.pages)), pool)
        document = render.combine(main, *([extra] if extra else []), tail)
        document.metadata.title = f"{issue.title} ({layout.period_name(issue)})"
        document.metadata.lang = "da"
        document.metadata.authors = ["Bysekretariatet i Randers Nordby"]
        placed = clock("ppi check", render.placed_photos, document)
        edition = outputs.Edition(issue.slug, len(document.pages), placed, render.front_page_fits(main))
        # One drawing of the pages, written three times: for the printer, the web, the office printer.
        drawn = clock("print", pdfs.Drawn, document, self.settings["NORDBYPOSTEN_PDFX"])
        edition.data["print"] = drawn.print_pdf
        photos = Path(self.settings["CACHE_PATH"]) / "nordbyposten" / "web-photos"
        edition.data["web"] = clock("web", pdfs.web_edition, drawn, placed, self.settings, photos)
        edition.data["booklet"] = clock("booklet", booklet.impose, drawn, document.metadata.title)
        edition.data["cover"] = clock("cover", self._cover, edition.data["web"])
        logger.debug("Nordbyposten %s: %s", issue.slug, clock)
        self.timings = clock.spent
        return edition

    @staticmethod
    def _fill_main(main, pool):
        """Fill the main part's gaps; the calendar's page gets no card that repeats a line of it."""
        calendar = next((n for n, page in enumerate(main.pages) if "kalender" in page.anchors), None)
        stories = fill.story_pages(main)

        def repeats(number, entry):
            if entry.story:  # a photo box goes where its photo is not already
                return number in stories.get(entry.story, {number})
            return number == calendar and entry.kind == "event"

        return fill.fill(main, range(1, len(main.pages)), pool, repeats)

    def _languages(self, issue, main_pages, address, base, fonts):
        """The page "På dit sprog" after the main part, or None when no story is translated."""
        html = languages.languages_html(issue, self.settings, address, main_pages + 1)
        return render.render_html(html, base, fonts) if html else None

    def _tail(self, issue, main_pages, address, base, fonts):
        """House pages and back page; shorter house texts until each fits on its own page (without
        laying out again a cut that an issue before found too long: housefit.py)."""
        needed = render.fillers_needed(main_pages)
        too_long = housefit.TooLong(self.settings)
        pages = [needed, [(p.title, p.content, p.url) for p in self._house_pages(needed)]]
        for words in (560, 420, 320, 200, 120):
            known = housefit.key(self.settings, pages, words)
            if known in too_long:
                continue
            fillers = self.fillers(needed, words)
            html = layout.tail_html(
                issue, self.settings, fillers, main_pages + 1, address=address, context=self.context
            )
            tail = render.render_html(html, base, fonts)
            if len(tail.pages) == needed + 1:
                return tail
            too_long.add(known)
        raise SystemExit(f"Nordbyposten {issue.slug}: husets sider kan ikke være på {needed + 1} sider.")

    def fillers(self, count, words=320):
        """Useful house pages: the site's own pages on joining, the secretariat and contact."""
        chosen = self._house_pages(count)
        if not chosen:
            return [{"kicker": "Nordbyposten", "title": "Skriv til avisen", "body": WRITE_TO_US}] * count
        return [
            {"kicker": "Nordbyposten", "title": p.title, "body": self._house_text(p, words)} for p in chosen
        ]

    def _house_pages(self, count):
        """The site's pages printed as the `count` house pages, in the order of HOUSE_PAGES, repeated."""
        pages = {p.slug: p for p in self.context.get("pages", [])}
        chosen = [pages[s] for s in HOUSE_PAGES if s in pages]
        return [chosen[n % len(chosen)] for n in range(count)] if chosen else []

    def _house_text(self, page, words):
        address = self.settings["NORDBYPOSTEN_SITE_ADDRESS"].rstrip("/")
        text = layout.excerpt(page.content, f"{address}/{page.url}", words)
        return layout.print_body(text, {}, self.settings, address)

    def _cover(self, web_pdf):
        out = io.BytesIO()
        render.thumbnail(web_pdf, self.settings["NORDBYPOSTEN_THUMBNAIL_WIDTH"], out)
        return out.getvalue()

    # Output: only good, complete editions reach this point.
    def generate_output(self, writer):
        if self.proof:
            self._write_proof()
            return
        output = Path(self.output_path)
        for info in self.context["nordbyposten_issues"]:
            edition = self.editions.get(info["slug"])
            if edition is None:
                continue
            for kind, data in edition.data.items():
                outputs.write_atomic(output / info["files"][kind], data)
            info["pages"] = edition.pages
            writer.write_file(
                info["url"] + "index.html",
                self.get_template("nordbyposten_issue"),
                self.context,
                nordbyposten=info,
                # Its own argument, not a key of info: the incremental writer digests info once per build.
                pending=edition.pending,  # the page says "korrektur opdateres" until the paper is ready
                relative_urls=self.settings["RELATIVE_URLS"],
            )
        self._write_feed(output)
        self._write_summary()

    def _write_feed(self, output):
        # The feed is part of the website: its addresses are the build's own, like the other feeds.
        domain = (self.settings.get("FEED_DOMAIN") or self.settings.get("SITEURL", "")).rstrip("/")
        feed = FeedGenerator()
        feed.title("Nordbyposten")
        feed.link(href=f"{domain}/{self.settings['NORDBYPOSTEN_URL'].format(slug='')}".rstrip("/") + "/")
        feed.description("Avisen for Randers Nordby: alle numre som PDF.")
        feed.language("da")
        zone = ZoneInfo(self.settings["TIMEZONE"])
        published = []
        for info in reversed(self.context["nordbyposten_issues"]):
            if info["slug"] not in self.editions:
                continue
            edition, issue = self.editions[info["slug"]], info["issue"]
            entry = feed.add_entry()
            entry.id(f"{domain}/{info['url']}")
            entry.title(f"{issue.title}: {info['period']}")
            entry.link(href=f"{domain}/{info['url']}")
            entry.description(issue.editorial.title)
            entry.published(datetime.combine(issue.published, time(8), zone))
            published.append(datetime.combine(issue.published, time(8), zone))
            entry.enclosure(
                f"{domain}/{info['files']['web']}", str(len(edition.data["web"])), "application/pdf"
            )
        # The newest issue, not the clock: an unchanged paper gives an unchanged feed. Before the
        # first issue, the build's day (feedgen would stamp the second of each build).
        feed.lastBuildDate(max(published, default=datetime.combine(build_date(self.settings), time(0), zone)))
        outputs.write_atomic(output / self.settings["NORDBYPOSTEN_FEED"], feed.rss_str(pretty=True))

    def _write_proof(self):
        """Files beside the site, never in it: a proof with KORREKTUR on each page, or the print shop's PDF."""
        folder = Path(self.settings["NORDBYPOSTEN_PROOF_PATH"])
        marked = self.settings["NORDBYPOSTEN_PROOF_MARK"]
        rows = []
        for slug, edition in self.editions.items():
            files = {"korrektur": edition.data["web"]} if marked else {"tryk": edition.data["print"]}
            for suffix, data in files.items():
                path = folder / f"nordbyposten-{slug}-{suffix}.pdf"
                outputs.write_atomic(path, data)
                rows.append({"slug": slug, "kind": suffix, "path": str(path.resolve())})
        self._write_summary(rows)

    def _write_summary(self, proofs=None):
        """For `invoke nordbyposten`: where the files are, pages, warnings."""
        rows = [
            {"slug": slug, "pages": e.pages, "fresh": e.fresh, "files": [e.name(k) for k in e.data]}
            for slug, e in self.editions.items()
        ]
        for row in rows:
            edition, issue = self.editions[row["slug"]], next(i for i in self.issues if i.slug == row["slug"])
            row["print_run"] = issue.print_run
            row["placed"] = [
                {"page": p.page, "file": p.file, "ppi": round(p.ppi), "px": list(p.pixels)}
                for p in edition.placed
            ]
        summary = {"output": str(Path(self.output_path).resolve()), "issues": rows, "warnings": self.warnings}
        summary["proofs"] = proofs or []
        path = Path(self.settings["CACHE_PATH"]) / "nordbyposten" / "summary.json"
        outputs.write_atomic(path, json.dumps(summary, ensure_ascii=False, indent=1).encode())


@dataclass
class Layout:
    """One issue to lay out: everything make_edition needs, so several can wait their turn."""

    generator: Generator
    issue: object
    html: str
    address: str
    key: str
    pool: list
    main_for: Callable

    def __call__(self):
        """Lay the issue out and keep it in the issue cache; returns the edition."""
        gen = self.generator
        gen.pool, gen.main_for = self.pool, self.main_for
        edition = gen.make_edition(self.issue, self.html, self.address)
        outputs.store_cached(gen.settings, edition, self.key)
        return edition

    def stored(self, fresh=False):
        """The edition a child process laid out, from the issue cache (None if it failed)."""
        edition = outputs.load_cached(self.generator.settings, self.issue.slug, self.key)
        if edition:
            edition.fresh = fresh  # laid out by this build, not taken from an earlier one
        return edition


def _text_length(issue):
    """A measure of an issue's layout time, known before its HTML is made."""
    return sum(len(getattr(doc, "content", "") or "") for doc in issue.articles)


def _stat(path):
    try:
        found = path.stat()
    except OSError:
        return (None, None)
    return (found.st_size, found.st_mtime_ns)


def get_generators(pelican):
    return NordbypostenGenerator


def lay_out_issues(generators):
    """Once all content is read and checked: render the issues before any file is written."""
    for gen in generators:
        if isinstance(gen, NordbypostenGenerator):
            gen.warnings = []
            gen.lay_out()
