"""What `invoke nordbyposten` does around the build: the Pelican options, the zip, plain instructions."""

import json
import shlex
from pathlib import Path

from . import printshop

PROOF_SITE = ".cache/nordbyposten-korrektur/site"  # the throwaway site of a proof build, never published
PRINT_SHOP = "til-trykkeriet"


def pelican_options(issue, korrektur, til_trykkeriet):
    """Extra Pelican options: one issue, or one issue built outside the site (proof or print shop)."""
    if (korrektur or til_trykkeriet) and not issue:
        raise SystemExit("Skriv hvilket nummer, fx: ./dev nordbyposten --issue 2026-3 --korrektur")
    options = [f'NORDBYPOSTEN_ONLY=["{issue}"]'] if issue else []
    if korrektur or til_trykkeriet:
        folder = "korrektur" if korrektur else PRINT_SHOP
        options += [f'NORDBYPOSTEN_PROOF="{issue}"', f'NORDBYPOSTEN_PROOF_PATH="{folder}"']
        options += [f"NORDBYPOSTEN_PROOF_MARK={'true' if korrektur else 'false'}"]
        return f" -o {PROOF_SITE} -e " + " ".join(shlex.quote(o) for o in options)
    return " -e " + shlex.quote(options[0]) if options else ""


def read_summary(cache_path):
    return json.loads((Path(cache_path) / "nordbyposten" / "summary.json").read_text(encoding="utf-8"))


def report(summary, issue, korrektur, til_trykkeriet, min_ppi=300):
    """The lines the editor reads: which file is which, and where it goes."""
    if issue and not summary["issues"]:
        return [f"Nummeret {issue} findes ikke i content/nordbyposten/ (eller er ikke udkommet endnu)."]
    if korrektur:
        return [f"Korrektur af Nordbyposten {issue} ({row['path']})" for row in summary["proofs"]] + [
            "Korrekturen er til redaktionen: den kommer ikke på hjemmesiden og skal ikke til trykkeriet."
        ]
    if til_trykkeriet:
        return [line for row in summary["issues"] for line in _print_shop(summary, row)]
    lines = []
    for row in summary["issues"]:
        slug = row["slug"]
        folder = Path(summary["output"]) / "nordbyposten" / slug
        state = "bygget" if row["fresh"] else "uændret"
        lines += [
            f"Nordbyposten {row['slug']}: {row['pages']} sider ({state})",
            f"  Til trykkeriet: {folder / ('nordbyposten-' + slug + '-tryk.pdf')}",
            f"    (eller lav en pakke med forhåndskontrol: ./dev nordbyposten --issue {row['slug']} --til-trykkeriet)",
            f"  På hjemmesiden: {folder / ('nordbyposten-' + slug + '.pdf')} (kommer med ved næste ./dev publish)",
        ]
    # The build has logged each photo warning already: printing them again doubled every one.
    count = len(summary["warnings"])
    lines.append(
        f"{count} billedadvarsler (se ovenfor)." if count else f"Ingen billeder under {min_ppi} ppi."
    )
    return lines


def _print_shop(summary, row):
    """Zip the print PDF with the preflight report; say plainly that this is the file to send."""
    pdf = next(p["path"] for p in summary["proofs"] if p["slug"] == row["slug"])
    target = Path(PRINT_SHOP) / f"nordbyposten-{row['slug']}-til-trykkeriet.zip"
    printshop.write_zip(pdf, row, target)
    return [
        f"Nordbyposten {row['slug']}: {row['pages']} sider, oplag {row['print_run']}.",
        f"  SEND DENNE FIL TIL TRYKKERIET: {target.resolve()}",
        "    (trykfilen med beskæring og en forhåndskontrol: sider, format, skrifter og billeder)",
        "  Hjemmesiden får sin egen, lettere udgave (uden beskæring) ved næste ./dev publish;",
        "  den skal ikke til trykkeriet.",
        *summary["warnings"],
    ]
