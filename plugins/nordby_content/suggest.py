"""'Mente du …?': the closest known name to a mistyped one (a photo file, an author, a setting)."""

import difflib
from pathlib import Path

STEM_CUTOFF = 0.75  # "babycaf" finds "babycafe"; "fodbold" does not find "babycafe"


def closest(value, candidates, cutoff=0.6):
    """The candidate most like value, or None when none is close enough."""
    found = difflib.get_close_matches(str(value), list(candidates), n=1, cutoff=cutoff)
    return found[0] if found else None


def closest_file(relative, content):
    """The file under content/ most like a missing one: first in its own folder, then anywhere there."""
    content = Path(content)
    wanted = Path(str(relative).lstrip("/"))
    folder = content / wanted.parent
    if folder.is_dir() and folder.resolve().is_relative_to(content.resolve()):
        # Names without their ending: a shared ".jpg" would make any two photos look alike.
        stems = {p.stem: p.name for p in folder.iterdir() if p.is_file()}
        near = closest(wanted.stem, stems, cutoff=STEM_CUTOFF)
        if near:
            return (wanted.parent / stems[near]).as_posix()
    top = content / (wanted.parts[0] if len(wanted.parts) > 1 else "")
    if not top.is_dir() or top == content:
        return None
    same_name = [p for p in top.rglob(wanted.name) if p.is_file()]  # the right name in another folder
    return same_name[0].relative_to(content).as_posix() if len(same_name) == 1 else None
