"""The permanent summary: one row of figures per counted day, in SQLite, with no addresses."""

import sqlite3
from contextlib import closing
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS days (
    day TEXT PRIMARY KEY,              -- ÅÅÅÅ-MM-DD, the server's local day
    visitors INTEGER NOT NULL,         -- distinct readers of pages that day (address part, browser)
    page_views INTEGER NOT NULL,
    calendar_subscribers INTEGER NOT NULL,  -- distinct calendar apps fetching .ics files
    feed_readers INTEGER NOT NULL      -- distinct readers fetching the RSS/Atom feeds
);
CREATE TABLE IF NOT EXISTS pages (
    day TEXT NOT NULL REFERENCES days(day),
    path TEXT NOT NULL,                -- the page's address on the site, e.g. /nyheder/2014/slug/
    views INTEGER NOT NULL,
    readers INTEGER NOT NULL,
    PRIMARY KEY (day, path)
);
CREATE TABLE IF NOT EXISTS downloads (
    day TEXT NOT NULL REFERENCES days(day),
    issue TEXT NOT NULL,               -- the Nordbyposten issue, e.g. 2014-3
    file TEXT NOT NULL,
    downloads INTEGER NOT NULL,        -- distinct readers who fetched the PDF (range requests count once)
    PRIMARY KEY (day, file)
);
"""


def connect(path):
    """The summary database, created with its tables if it is new."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    connection.executescript(SCHEMA)
    return connection


def last_day(path):
    """The last day in the summary (ÅÅÅÅ-MM-DD), or None."""
    if not Path(path).is_file():
        return None
    with closing(connect(path)) as db:
        return db.execute("SELECT max(day) FROM days").fetchone()[0]


def add_days(path, figures):
    """Add each day's figures in one transaction: a day is in the summary whole or not at all."""
    with closing(connect(path)) as db, db:
        for day in figures:
            db.execute(
                "INSERT INTO days VALUES (?, ?, ?, ?, ?)",
                (day.day, day.visitors, day.page_views, day.calendar_subscribers, day.feed_readers),
            )
            db.executemany("INSERT INTO pages VALUES (?, ?, ?, ?)", [(day.day, *p) for p in day.pages])
            db.executemany(
                "INSERT INTO downloads VALUES (?, ?, ?, ?)", [(day.day, *d) for d in day.downloads]
            )


def query(path, sql, *params):
    """Rows of one query on the summary (for the yearly figures)."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return db.execute(sql, params).fetchall()
