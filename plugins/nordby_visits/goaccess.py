"""GoAccess, run on one day of the log: its JSON figures for the summary and its HTML report."""

import ipaddress
import json
import os
import subprocess

# deploy/nginx-site.conf's `nordby_visits` format; the request kind is read as the virtual host.
LOG_FORMAT = '%h %^[%d:%t %^] "%m %U %H" %s %b "%R" "%u" %v'
# The log keeps addresses to these prefixes (the last part is zeroed by nginx).
LOGGED_PREFIX = {4: 24, 6: 48}
# JSON may list more than GoAccess's default 366 items a panel (a busy day's pages).
MAX_ITEMS = 10000
# Panels only the HTML report shows: a day counted without a report skips them (15 % faster).
REPORT_ONLY_PANELS = (
    "OS",
    "BROWSERS",
    "VISIT_TIMES",
    "REFERRERS",
    "REFERRING_SITES",
    "KEYPHRASES",
    "STATUS_CODES",
    "NOT_FOUND",
)


# nginx writes English month names; GoAccess reads %b in the locale it is given. And GoAccess
# calls localtime() for every line, which re-reads /etc/localtime each time when TZ is unset; it
# takes the log's dates as written, so the zone changes no figure (every panel compared), but
# naming one makes it a fifth faster.
ENVIRONMENT = {"LC_ALL": "C", "TZ": "UTC"}


def exclude_ranges(networks):
    """GoAccess --exclude-ip ranges for the office's networks, widened to what the log keeps."""
    ranges = []
    for text in networks:
        network = ipaddress.ip_network(text, strict=False)
        prefix = min(network.prefixlen, LOGGED_PREFIX[network.version])
        network = network.supernet(new_prefix=prefix)
        ranges.append(f"{network[0]}-{network[-1]}")
    return ranges


def command(settings, log, outputs, title):
    """The GoAccess command line: crawlers out, addresses anonymised, the office left out."""
    args = [
        settings["VISITS_GOACCESS"],
        str(log),
        f"--log-format={LOG_FORMAT}",
        "--date-format=%d/%b/%Y",
        "--time-format=%H:%M:%S",
        "--no-global-config",
        "--ignore-crawlers",
        "--anonymize-ip",
        # The report lists no networks at all, not even the anonymised ones.
        "--ignore-panel=HOSTS",
        # One row per address, whatever the method or protocol.
        "--http-method=no",
        "--http-protocol=no",
        f"--max-items={MAX_ITEMS}",
        "--no-progress",
        "--no-parsing-spinner",
        f"--html-report-title={title}",
    ]
    args += [f"--exclude-ip={r}" for r in exclude_ranges(settings["VISITS_OFFICE_NETWORKS"])]
    if not any(str(path).endswith(".html") for path in outputs):
        args += [f"--ignore-panel={panel}" for panel in REPORT_ONLY_PANELS]
    return args + [f"--output={path}" for path in outputs]


def count_day(settings, log, json_path, html_path=None, title=""):
    """Run GoAccess over one day's log (VISITS_* settings); its JSON figures as a dict."""
    args = command(settings, log, [json_path, html_path] if html_path else [json_path], title)
    env = {**os.environ, **ENVIRONMENT}
    try:
        done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    except FileNotFoundError:
        raise SystemExit(
            f"Programmet {args[0]} findes ikke. Installér det med './dev besoeg' eller 'apt-get install goaccess'."
        ) from None
    if done.returncode != 0:
        raise SystemExit(f"GoAccess kunne ikke læse {log}: {done.stderr.strip() or done.stdout.strip()}")
    return json.loads(json_path.read_text(encoding="utf-8"))
