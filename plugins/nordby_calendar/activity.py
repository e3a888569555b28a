"""Turn an activity file's metadata into an Activity, or into Danish problems."""

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from icalendar import vRecur
from pelican.contents import Content

from .model import TZ, Activity

_WHEN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2})[:.](\d{2}))?$")
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_DURATION = re.compile(r"^(\d+)\s*([a-z]+)$")
_UNITS = {
    "min": "minutes",
    "minut": "minutes",
    "minutter": "minutes",
    "t": "hours",
    "time": "hours",
    "timer": "hours",
    "dag": "days",
    "dage": "days",
}
_MOVE = re.compile(r"^(\S+)\s+(?:til|->|→)\s+(\S+(?:[ T]\d{1,2}[:.]\d{2})?)\s*[:,–-]?\s*(.*)$")
_YES = {"ja", "yes", "true", "1"}
_NO = {"nej", "no", "false", "0", ""}
FIELDS = {  # metadata key -> the label an editor sees
    "start": "Start",
    "end": "End",
    "duration": "Duration",
    "all_day": "All_day",
    "venue": "Venue",
    "category": "Category",
    "rrule": "Rrule",
    "rdate": "Rdate",
    "exdate": "Exdate",
    "cancelled": "Cancelled",
    "moved": "Moved",
    "skip_holidays": "Skip_holidays",
    "pause": "Pause",
    "uid": "UID",
}
DATE_FIX = "skriv datoen som ÅÅÅÅ-MM-DD, evt. med klokkeslæt TT:MM, fx 2026-12-02 10:00"


class ActivityDocument(Content):
    """Pelican's content object for an activity file; its URL comes from CALENDAR_ACTIVITY_*."""

    mandatory_properties = ("title",)
    allowed_statuses = ("published", "hidden", "draft", "skip")
    default_status = "published"
    default_template = "activity"

    def _expand_settings(self, key, klass=None):
        return str(self.settings[f"CALENDAR_ACTIVITY_{key.upper()}"]).format(**self.url_format)


class ActivityErrors(Exception):
    """Every bad field of one file."""

    def __init__(self, errors):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


class ActivityError(Exception):
    """One bad field; becomes a Problem at that field's line."""

    def __init__(self, key, message, fix):
        super().__init__(message)
        self.key, self.message, self.fix = key, message, fix


def values(doc, key, split=True):
    """A field's values as stripped strings: repeated lines, indented lines, or commas."""
    raw = getattr(doc, key, None)
    if raw is None:
        return []
    lines = raw if isinstance(raw, list) else [raw]
    parts = [p for line in lines for p in (str(line).split(",") if split else [str(line)])]
    return [p.strip() for p in parts if p.strip()]


def one(doc, key):
    found = values(doc, key, split=False)
    return found[0] if found else ""


def parse_when(text, key):
    """'2026-12-02 10:00' -> aware datetime, '2026-12-02' -> date."""
    match = _WHEN.match(text.strip())
    try:
        if not match:
            raise ValueError
        year, month, day, hour, minute = match.groups()
        day_ = date(int(year), int(month), int(day))
        if hour is None:
            return day_
        return datetime.combine(day_, time(int(hour), int(minute)), TZ)
    except ValueError:
        raise ActivityError(key, f'"{text}" kan ikke læses som en dato.', DATE_FIX) from None


def parse_flag(doc, key):
    text = one(doc, key).lower()
    if text in _YES | _NO:
        return text in _YES
    raise ActivityError(
        key, f'"{text}" skal være ja eller nej.', f"skriv '{FIELDS[key]}: ja' eller fjern linjen"
    )


def parse_duration(text):
    """'2 timer', '90 minutter', '1:30' or '3 dage' -> timedelta."""
    text = text.strip().lower()
    clock = _CLOCK.match(text)
    if clock:
        return timedelta(hours=int(clock[1]), minutes=int(clock[2]))
    match = _DURATION.match(text)
    if not match or match[2] not in _UNITS or int(match[1]) == 0:
        raise ActivityError(
            "duration",
            f'Varigheden "{text}" kan ikke læses.',
            "skriv fx '2 timer', '90 minutter', '1:30' eller '3 dage'",
        )
    return timedelta(**{_UNITS[match[2]]: int(match[1])})


def parse_end(doc, start, all_day):
    """The exclusive end, from End (time, date or both) or Duration; default two hours or one day."""
    end_text, duration_text = one(doc, "end"), one(doc, "duration")
    if end_text and _CLOCK.match(end_text) and not all_day:
        clock = _CLOCK.match(end_text)
        try:
            end = datetime.combine(start.date(), time(int(clock[1]), int(clock[2])), TZ)
        except ValueError:
            raise ActivityError("end", f'Klokkeslættet "{end_text}" findes ikke.', "skriv fx 12:00") from None
    elif end_text:
        end = parse_when(end_text, "end")
        if all_day != (not isinstance(end, datetime)):
            fix = "skriv kun datoer ved heldagsaktiviteter, og dato med klokkeslæt ellers"
            raise ActivityError("end", f'"{end_text}" passer ikke til Start.', fix)
        if all_day:
            end += timedelta(days=1)  # the editor names the last day; iCalendar wants the day after
    elif duration_text:
        end = start + parse_duration(duration_text)
    else:
        end = start + (timedelta(days=1) if all_day else timedelta(hours=2))
    if end <= start:
        raise ActivityError("end", "Slutningen ligger før starten.", "ret End, så den ligger efter Start")
    return end


def parse_rrule(text):
    if not text:
        return None
    fix = "skriv reglen som i iCalendar, fx FREQ=WEEKLY;BYDAY=TU – se vejledningen"
    try:
        rule = vRecur.from_ical(text.upper().removeprefix("RRULE:"))
    except ValueError as exc:
        raise ActivityError("rrule", f'Reglen "{text}" kan ikke læses ({exc}).', fix) from None
    if "FREQ" not in rule or any(n < 1 for n in rule.get("INTERVAL", [1])):
        raise ActivityError("rrule", f'Reglen "{text}" mangler FREQ eller har et forkert INTERVAL.', fix)
    return rule


def until_in_utc(rule, start):
    """RFC 5545 wants UNTIL in UTC when DTSTART has a time zone; editors write a local date."""
    if rule is None or "UNTIL" not in rule or not isinstance(start, datetime):
        return rule
    until = rule["UNTIL"][0]
    if not isinstance(until, datetime):
        until = datetime.combine(until, time(23, 59, 59))
    if until.tzinfo is None:
        until = until.replace(tzinfo=TZ)
    rule["UNTIL"] = [until.astimezone(UTC)]
    return rule


def with_start_clock(moment, start):
    """An extra date without a time takes the time of day of the first date."""
    if isinstance(start, datetime) and not isinstance(moment, datetime):
        return datetime.combine(moment, start.timetz())
    if not isinstance(start, datetime) and isinstance(moment, datetime):
        raise ActivityError(
            "rdate", "En heldagsaktivitet kan ikke have ekstra datoer med klokkeslæt.", DATE_FIX
        )
    return moment


def as_day(value, key):
    moment = parse_when(value, key)
    return moment.date() if isinstance(moment, datetime) else moment


def parse_notes(doc, key, default):
    """'2026-12-09 Aflyst pga. sygdom' lines -> {date: note}."""
    notes = {}
    for line in values(doc, key, split=False):
        day_text, _, note = line.partition(" ")
        notes[as_day(day_text, key)] = note.strip(" :–-") or default
    return notes


def parse_moves(doc, start):
    moves = {}
    fix = "skriv fx 'Moved: 2026-12-16 til 2026-12-17 14:00 Flyttet til torsdag'"
    for line in values(doc, "moved", split=False):
        match = _MOVE.match(line)
        if not match:
            raise ActivityError("moved", f'"{line}" kan ikke læses.', fix)
        new = with_start_clock(parse_when(match[2], "moved"), start)
        moves[as_day(match[1], "moved")] = (new, match[3].strip() or None)
    return moves


def registry(ctx, setting):
    """The path of a data file as the editor sees it, e.g. content/data/steder.yml."""
    return ctx.rel(Path(ctx.settings["PATH"]) / ctx.settings[setting])


def parse_start(doc):
    """(start, all_day): a date alone means all day, unless All_day says otherwise."""
    text = one(doc, "start")
    if not text:
        raise ActivityError("start", "Feltet Start mangler.", "skriv en linje 'Start: 2026-12-02 10:00'")
    start = parse_when(text, "start")
    timed = isinstance(start, datetime)
    all_day = parse_flag(doc, "all_day") if one(doc, "all_day") else not timed
    if all_day and timed:
        raise ActivityError("start", "En heldagsaktivitet har ingen klokkeslæt.", "skriv kun datoen i Start")
    if not all_day and not timed:
        raise ActivityError("start", "Start mangler et klokkeslæt.", "skriv fx 'Start: 2026-12-02 10:00'")
    return start, all_day


def parse_venue(doc, ctx, venues):
    key = one(doc, "venue").lower()
    if key not in venues:
        fix = f"brug en af nøglerne i {registry(ctx, 'CALENDAR_VENUES_FILE')}: " + ", ".join(sorted(venues))
        raise ActivityError("venue", f'Stedet "{one(doc, "venue")}" er ikke kendt.', fix)
    return venues[key]


def parse_area(doc, ctx):
    area = getattr(getattr(doc, "category", None), "name", "")
    if area not in ctx.areas:
        fix = "brug et af områderne: " + "; ".join(ctx.areas)
        raise ActivityError("category", f'Området "{area}" findes ikke.', fix)
    return area


def parse_pauses(doc, ctx, pause_names):
    pauses = [p.lower() for p in values(doc, "pause")]
    unknown = [p for p in pauses if p not in pause_names and p != "alle"]
    if unknown:
        names = ", ".join(sorted(pause_names))
        fix = f"brug 'alle' eller et navn fra {registry(ctx, 'CALENDAR_PAUSES_FILE')}: {names}"
        raise ActivityError("pause", f'Pausen "{unknown[0]}" er ikke kendt.', fix)
    return pauses


def parse_uid(doc):
    uid = one(doc, "uid")
    if not uid:
        fix = "kør './dev calendar-uids', så skrives et UID i filen"
        raise ActivityError("uid", "Aktiviteten har intet fast UID.", fix)
    return uid


class FieldErrors:
    """Collects the ActivityErrors of one file, so the editor sees every bad field at once."""

    def __init__(self):
        self.errors = []

    def check(self, func, *args):
        """func(*args), or None when it raises an ActivityError (which is kept)."""
        try:
            return func(*args)
        except ActivityError as error:
            self.errors.append(error)
            return None


def _timed_fields(doc, fields, start, all_day):
    """The fields that need Start: end, rule, extra dates and moves."""
    return {
        "start": start,
        "all_day": all_day,
        "end": fields.check(parse_end, doc, start, all_day),
        "rrule": fields.check(lambda: until_in_utc(parse_rrule(one(doc, "rrule")), start)),
        "rdates": fields.check(
            lambda: [with_start_clock(parse_when(v, "rdate"), start) for v in values(doc, "rdate")]
        ),
        "moved": fields.check(parse_moves, doc, start),
    }


def parse_activity(doc, ctx, venues, pause_names):
    """An Activity from a parsed document; raises ActivityErrors naming every bad field."""
    fields = FieldErrors()
    timing = fields.check(parse_start, doc)
    parsed = {
        "venue": fields.check(parse_venue, doc, ctx, venues),
        "area": fields.check(parse_area, doc, ctx),
        "pauses": fields.check(parse_pauses, doc, ctx, pause_names),
        "uid": fields.check(parse_uid, doc),
        "exdates": fields.check(lambda: [as_day(v, "exdate") for v in values(doc, "exdate")]),
        "cancelled": fields.check(parse_notes, doc, "cancelled", "Aflyst"),
        "skip_holidays": fields.check(
            lambda: parse_flag(doc, "skip_holidays") if one(doc, "skip_holidays") else False
        ),
    }
    if timing:
        parsed |= _timed_fields(doc, fields, *timing)
    if fields.errors:
        raise ActivityErrors(fields.errors)
    return Activity(
        doc=doc,
        source=ctx.rel(doc.source_path),
        title=doc.title,
        slug=doc.slug,
        url=doc.url,
        organiser=one(doc, "organiser"),
        contact=one(doc, "contact"),
        price=one(doc, "price") or "Gratis",
        registration=one(doc, "registration"),
        **parsed,
    )


def problem(ctx, doc, error):
    """The Problem for an ActivityError, at the line of its field."""
    return ctx.problem(doc, error.key, error.message, error.fix)
