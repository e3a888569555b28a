"""The shipped logrotate configuration with the log's path and VISITS_RETENTION_DAYS filled in."""

import os
import re
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[2] / "deploy" / "logrotate-randersnordby"


def render(settings, reopen=None, text=None):
    """deploy/logrotate-randersnordby for these settings; `reopen` replaces how nginx is told."""
    text = SHIPPED.read_text(encoding="utf-8") if text is None else text
    days = settings["VISITS_RETENTION_DAYS"]
    text = re.sub(r"^/\S+ \{$", f"{settings['VISITS_LOG']} {{", text, count=1, flags=re.M)
    text = re.sub(r"^(\s*)(rotate|maxage) \d+$", rf"\g<1>\g<2> {days}", text, flags=re.M)
    if reopen:
        text = re.sub(r"^(\s*)invoke-rc\.d nginx rotate.*$", rf"\g<1>{reopen}", text, flags=re.M)
    return text


def install(settings, target):
    """Write the configuration to target in one rename, so logrotate never reads half of it."""
    target = Path(target)
    partial = target.with_name(f".{target.name}.skrives")
    partial.write_text(render(settings), encoding="utf-8")
    os.replace(partial, target)
