"""The editable registries under content/data: the citizen journalists, and the areas."""

from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Problem


@dataclass(frozen=True)
class Author:
    """A citizen journalist; the e-mail is for the editors and never published."""

    name: str
    bio: str
    email: str = ""
    photo: str = ""


def _rel(path, settings):
    """A path as the editor knows it: relative to the project folder."""
    try:
        return str(Path(path).resolve().relative_to(Path(settings["PATH"]).resolve().parent))
    except ValueError:
        return str(path)


def load_yaml_list(path, settings):
    """Read a YAML list; returns (items, problems) and never raises on bad input."""
    where = _rel(path, settings)
    if not Path(path).exists():
        fix = "opret filen, eller ret stien i indstillingerne"
        return [], [Problem(where, 0, "", "Filen findes ikke.", fix)]
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return [], [Problem(where, 0, "", "Filen er ikke gemt som UTF-8.", "gem den som UTF-8")]
    except yaml.YAMLError as exc:
        line = exc.problem_mark.line + 1 if getattr(exc, "problem_mark", None) else 0
        fix = "tjek indrykning, kolon og anførselstegn på linjen"
        return [], [Problem(where, line, "", "Filen kan ikke læses som YAML.", fix)]
    if not isinstance(data, list):
        return [], [Problem(where, 1, "", "Filen skal være en liste.", "start hver post med '- '")]
    return data, []


def load_authors(settings):
    """Load the registry of citizen journalists; returns ({name: Author}, problems)."""
    path = Path(settings["PATH"]) / settings["NORDBY_AUTHORS_FILE"]
    items, problems = load_yaml_list(path, settings)
    authors = {}
    for number, item in enumerate(items, start=1):
        name = (item or {}).get("navn") if isinstance(item, dict) else None
        if not name:
            fix = "giv hver journalist et 'navn:'"
            problems.append(
                Problem(_rel(path, settings), 0, "navn", f"Post nr. {number} har intet navn.", fix)
            )
            continue
        authors[name] = Author(
            name=name,
            bio=item.get("bio", ""),
            email=item.get("email", ""),
            photo=item.get("foto", ""),
        )
    return authors, problems
