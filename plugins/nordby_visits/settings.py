"""The VISITS_* settings: defaults in one place, checked once before anything is counted."""

import ipaddress

DEFAULTS = {
    # nginx's visitor log (deploy/nginx-site.conf); its rotated copies beside it (.1, .2.gz ...) are read too.
    "VISITS_LOG": "/var/log/nginx/randersnordby.access.log",
    # Raw logs are deleted after this many days (deploy/logrotate-randersnordby); so are the daily
    # GoAccess reports. The summary keeps its figures for good.
    "VISITS_RETENTION_DAYS": 30,
    # The office's own networks (CIDR, e.g. "192.0.2.0/24"): their requests are not counted.
    # The log keeps addresses only to the /24 (IPv4) or /48 (IPv6), so a network is widened to that.
    "VISITS_OFFICE_NETWORKS": (),
    # The permanent summary (SQLite): figures per day, no addresses. Outside the published site.
    "VISITS_SUMMARY": "besoeg/besoeg.sqlite",
    # GoAccess's HTML report of each counted day, for the editors; never published.
    "VISITS_REPORT_PATH": "besoeg/rapporter",
    # How many articles `invoke stats` lists as the most read.
    "VISITS_TOP_ARTICLES": 10,
    # The GoAccess program (Debian's `goaccess`, installed by ./dev).
    "VISITS_GOACCESS": "goaccess",
}


def _is_path(value):
    return isinstance(value, str) and value.strip() != ""


def _is_days(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _is_networks(value):
    if not isinstance(value, (list, tuple)):
        return False
    try:
        [ipaddress.ip_network(v, strict=False) for v in value]
    except (TypeError, ValueError):
        return False
    return True


CHECKS = {
    "VISITS_LOG": (_is_path, "stien til nginx' besøgslog"),
    "VISITS_RETENTION_DAYS": (_is_days, "et helt antal dage (mindst 1)"),
    "VISITS_OFFICE_NETWORKS": (_is_networks, 'en liste af netværk som "192.0.2.0/24"'),
    "VISITS_SUMMARY": (_is_path, "en sti til en fil uden for websitet"),
    "VISITS_REPORT_PATH": (_is_path, "en mappe uden for websitet"),
    "VISITS_TOP_ARTICLES": (_is_days, "et helt antal artikler (mindst 1)"),
    "VISITS_GOACCESS": (_is_path, "programmet goaccess"),
}


def problems(settings):
    """Every bad VISITS_* setting, each named with what it should be."""
    return [
        f"Indstillingen {name} er ugyldig: {settings[name]!r} — den skal være {want}."
        for name, (ok, want) in CHECKS.items()
        if not ok(settings[name])
    ]


def resolve(settings):
    """The VISITS_* settings with defaults filled in; stops with every bad one named."""
    merged = {name: settings.get(name, default) for name, default in DEFAULTS.items()}
    found = problems(merged)
    if found:
        raise SystemExit("\n".join(found))
    return merged
