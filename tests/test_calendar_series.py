"""Occurrences of activities, straight from the calendar's pure functions (no Pelican run)."""

from datetime import date, datetime, timedelta

import holidays
import pytest
from icalendar import vRecur

from nordby_calendar.activity import ActivityError, parse_duration, until_in_utc
from nordby_calendar.describe import rule_text
from nordby_calendar.expand import instances
from nordby_calendar.generator import CalendarData
from nordby_calendar.model import TZ, Activity, Pause, Venue
from nordby_calendar.series import build_series, occurrences

VENUE = Venue("parkcafeen", "ParkCafeen", "Parkstien 4, 8940 Randers NV")
DK = holidays.country_holidays("DK", language="da", years=range(2025, 2030))
SUMMER = Pause("Sommerferie", date(2027, 6, 26), date(2027, 8, 8))


def local(*args):
    return datetime(*args, tzinfo=TZ)


def activity(start, end, rule=None, **fields):
    return Activity(
        doc=None,
        source="content/aktiviteter/test.md",
        title="Test",
        slug="test",
        url="aktiviteter/test/",
        area="Sundhed",
        venue=VENUE,
        uid="test@randersnordby.dk",
        start=start,
        end=end,
        all_day=not isinstance(start, datetime),
        rrule=until_in_utc(vRecur.from_ical(rule), start) if rule else None,
        **fields,
    )


def dates(item, first=date(2026, 1, 1), end=date(2028, 1, 1), pauses=()):
    series = build_series(item, first, end, DK, list(pauses))
    return occurrences(series, first, end)


def test_weekly_times_stay_local_across_both_daylight_saving_changes():
    # Sunday 10.00 around the last Sundays of March (28th) and October (31st) 2027.
    sunday = activity(local(2027, 3, 21, 10), local(2027, 3, 21, 12), "FREQ=WEEKLY;BYDAY=SU;COUNT=33")
    found = dates(sunday)
    by_day = {o.start.date(): o for o in found}
    assert by_day[date(2027, 3, 21)].start.utcoffset() == timedelta(hours=1)
    assert by_day[date(2027, 3, 28)].start.utcoffset() == timedelta(hours=2)
    assert by_day[date(2027, 10, 24)].start.utcoffset() == timedelta(hours=2)
    assert by_day[date(2027, 10, 31)].start.utcoffset() == timedelta(hours=1)
    assert {(o.start.hour, o.end.hour) for o in found} == {(10, 12)}
    assert {o.end - o.start for o in found} == {timedelta(hours=2)}


def test_holiday_skip_drops_danish_public_holidays_and_says_which():
    monday = activity(
        local(2027, 3, 1, 16), local(2027, 3, 1, 18), "FREQ=WEEKLY;BYDAY=MO", skip_holidays=True
    )
    days = {o.start.date() for o in dates(monday)}
    assert date(2027, 3, 22) in days
    assert date(2027, 3, 29) not in days  # Anden påskedag
    assert date(2027, 5, 17) not in days  # Anden pinsedag
    reasons = dict(build_series(monday, date(2027, 1, 1), date(2028, 1, 1), DK, []).skipped)
    assert reasons[local(2027, 3, 29, 16)] == "Anden påskedag (helligdag)"
    plain = activity(local(2027, 3, 1, 16), local(2027, 3, 1, 18), "FREQ=WEEKLY;BYDAY=MO")
    assert date(2027, 3, 29) in {o.start.date() for o in dates(plain)}


def test_summer_pause_leaves_a_gap_and_the_series_goes_on():
    weekly = activity(
        local(2027, 6, 2, 10), local(2027, 6, 2, 12), "FREQ=WEEKLY;BYDAY=WE", pauses=["sommerferie"]
    )
    days = {o.start.date() for o in dates(weekly, pauses=[SUMMER])}
    assert date(2027, 6, 23) in days
    assert not [d for d in days if SUMMER.covers(d)]
    assert date(2027, 8, 11) in days


def test_excluded_and_extra_dates():
    weekly = activity(
        local(2026, 12, 2, 10),
        local(2026, 12, 2, 12),
        "FREQ=WEEKLY;BYDAY=WE;COUNT=4",
        exdates=[date(2026, 12, 9)],
        rdates=[local(2026, 12, 21, 10)],
    )
    assert [o.start for o in dates(weekly)] == [
        local(2026, 12, 2, 10),
        local(2026, 12, 16, 10),
        local(2026, 12, 21, 10),
        local(2026, 12, 23, 10),
    ]


def test_an_excluded_date_must_be_an_occurrence():
    weekly = activity(
        local(2026, 12, 2, 10), local(2026, 12, 2, 12), "FREQ=WEEKLY;BYDAY=WE", exdates=[date(2026, 12, 10)]
    )
    with pytest.raises(ActivityError) as error:
        dates(weekly)
    assert error.value.key == "exdate"
    assert "2026-12-10 er ikke en af aktivitetens datoer" in error.value.message


def test_cancelled_and_moved_dates_keep_their_notes():
    weekly = activity(
        local(2026, 12, 2, 10),
        local(2026, 12, 2, 12),
        "FREQ=WEEKLY;BYDAY=WE;COUNT=3",
        cancelled={date(2026, 12, 9): "Aflyst pga. sygdom"},
        moved={date(2026, 12, 16): (local(2026, 12, 17, 14), "Flyttet til torsdag")},
    )
    found = dates(weekly)
    assert [(o.start, o.cancelled, o.note) for o in found] == [
        (local(2026, 12, 2, 10), False, None),
        (local(2026, 12, 9, 10), True, "Aflyst pga. sygdom"),
        (local(2026, 12, 17, 14), False, "Flyttet til torsdag"),
    ]
    assert found[2].end == local(2026, 12, 17, 16)


def test_all_day_and_multi_day_events():
    one_day = activity(date(2027, 4, 24), date(2027, 4, 25))
    [day] = dates(one_day)
    assert (day.start, day.end, day.all_day, day.last_day) == (
        local(2027, 4, 24),
        local(2027, 4, 25),
        True,
        date(2027, 4, 24),
    )
    camp = activity(date(2027, 6, 28), date(2027, 7, 3))
    [week] = dates(camp)
    assert week.last_day == date(2027, 7, 2) and week.multi_day
    trip = activity(local(2027, 6, 19, 8), local(2027, 6, 20, 17))
    [overnight] = dates(trip)
    assert overnight.multi_day and overnight.last_day == date(2027, 6, 20)


def test_calendar_api_returns_overlapping_occurrences_outside_the_default_window():
    camp = activity(date(2027, 6, 28), date(2027, 7, 3))
    window = (date(2026, 1, 1), date(2027, 1, 1))
    calendar = CalendarData([build_series(camp, *window, DK, [])], window, [])
    # The camp started in June, so July's printed calendar still shows it.
    [found] = calendar.occurrences(date(2027, 7, 1), date(2027, 8, 1))
    assert found.start == local(2027, 6, 28) and found.venue_name == "ParkCafeen" and found.area == "Sundhed"
    assert calendar.occurrences(date(2027, 7, 3), date(2027, 8, 1)) == []


def test_rules_in_plain_danish():
    babycafe = activity(
        local(2026, 1, 7, 10), local(2026, 1, 7, 12), "FREQ=WEEKLY;BYDAY=WE", skip_holidays=True
    )
    assert rule_text(babycafe) == "hver onsdag kl. 10.00–12.00, undtagen helligdage"
    council = activity(
        local(2026, 1, 13, 19), local(2026, 1, 13, 21), "FREQ=YEARLY;BYMONTH=1,3,5,8,10,12;BYDAY=2TU"
    )
    assert (
        rule_text(council)
        == "anden tirsdag i januar, marts, maj, august, oktober og december kl. 19.00–21.00"
    )
    course = activity(
        local(2027, 1, 12, 9),
        local(2027, 1, 12, 12),
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=12",
        pauses=["sommerferie"],
    )
    assert (
        rule_text(course) == "hver anden tirsdag kl. 09.00–12.00, 12 gange i alt, holder pause i sommerferie"
    )
    monthly = activity(local(2026, 1, 29, 16), local(2026, 1, 29, 17, 30), "FREQ=MONTHLY;BYDAY=-1TH")
    assert rule_text(monthly) == "sidste torsdag i måneden kl. 16.00–17.30"
    party = activity(local(2026, 12, 5, 14), local(2026, 12, 5, 18))
    assert rule_text(party) == "lørdag den 5. december 2026 kl. 14.00–18.00"


def test_until_as_a_local_date_becomes_utc_and_includes_that_day():
    weekly = activity(local(2027, 6, 1, 19), local(2027, 6, 1, 20), "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629")
    assert dates(weekly)[-1].start == local(2027, 6, 29, 19)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 timer", timedelta(hours=2)),
        ("90 minutter", timedelta(minutes=90)),
        ("1:30", timedelta(minutes=90)),
        ("3 dage", timedelta(days=3)),
    ],
)
def test_durations_in_danish(text, expected):
    assert parse_duration(text) == expected


def test_calendar_api_skips_holidays_in_years_far_from_the_build():
    monday = activity(
        local(2026, 1, 5, 16), local(2026, 1, 5, 18), "FREQ=WEEKLY;BYDAY=MO", skip_holidays=True
    )
    window = (date(2026, 1, 1), date(2027, 1, 1))
    calendar = CalendarData([build_series(monday, *window, DK, [])], window, [])
    days = {o.start.date() for o in calendar.occurrences(date(2031, 4, 1), date(2031, 5, 1))}
    assert date(2031, 4, 7) in days
    assert date(2031, 4, 14) not in days  # Anden påskedag 2031


def test_window_worked_out_while_building_equals_expanding_the_components_again():
    weekly = activity(
        local(2026, 12, 1, 16),
        local(2026, 12, 1, 18),
        "FREQ=WEEKLY;BYDAY=TU",
        skip_holidays=True,
        pauses=["sommerferie"],
        exdates=[date(2027, 1, 5)],
        cancelled={date(2027, 2, 2): "Aflyst"},
        moved={date(2027, 3, 2): (local(2027, 3, 4, 10), "Flyttet")},
    )
    window = (date(2026, 11, 1), date(2028, 1, 1))
    series = build_series(weekly, *window, DK, [SUMMER])
    assert series.instances == instances(series.components, *window)
    assert len(series.instances) > 40
