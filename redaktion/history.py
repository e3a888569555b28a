"""Commits into the content repository from the desk's own process, with libgit2 (pygit2).

A commit used to be two git processes (`git add -A -- paths`, `git commit`), most of a submission's
time under the write lock. Here the named paths are staged in the index as `git add -A` would, and
the commit's tree is HEAD's tree with only the folders on the way to those paths written again
(libgit2's `write_tree` rebuilds and re-reads every folder of the checkout on each commit).
Like `git commit --only paths`, a commit holds the named paths and nothing else that happens to be
staged. Call under `store.locked`.
"""

import os
import re
from pathlib import Path

import pygit2


class _Fresh(dict):
    """A folder whose entries are exactly these: what the commit's parent had there is dropped."""


def commit(repo, paths, message, who, mail):
    """Commit paths (added, changed or removed) by who <mail>; returns the new commit's id."""
    repository = pygit2.Repository(str(repo))
    workdir = Path(repository.workdir).resolve()
    index = repository.index
    changes = {}
    for path in map(Path, paths):  # the folder resolved, not the name: the file may be gone
        rel = (path.parent.resolve() / path.name).relative_to(workdir).as_posix()
        _place(changes, rel.split("/"), _stage(repository, index, workdir, rel))
    parent = None if repository.head_is_unborn else repository.head.peel(pygit2.Commit)
    tree = _apply(repository, parent.tree if parent else None, changes)
    index.write()
    signature = pygit2.Signature(who, mail)
    parents = [parent.id] if parent else []
    return repository.create_commit("HEAD", signature, signature, message, tree, parents)


def _stage(repository, index, workdir, rel):
    """`git add -A -- rel` for one file or folder; returns what rel now holds (see _apply)."""
    prefix = f"{rel}/"
    index.remove_all([_literal(rel), f"{_literal(rel)}/*"])
    top = workdir / rel
    if not top.is_dir():
        if not os.path.lexists(top) or repository.path_is_ignored(rel):
            return None
        index.add(rel)
        return (index[rel].id, index[rel].mode)
    folder = _Fresh()
    for file in sorted(p for p in top.rglob("*") if not p.is_dir()):
        name = file.relative_to(workdir).as_posix()
        if not repository.path_is_ignored(name):
            index.add(name)
            _place(folder, name[len(prefix) :].split("/"), (index[name].id, index[name].mode))
    return folder or None


def _literal(rel):
    """A pathspec for exactly this name: libgit2 reads * ? [ ] as patterns."""
    return re.sub(r"([*?\[\]\\])", r"\\\1", rel)


def _place(changes, parts, change):
    """Put change at parts (a path split at '/') in the nested dict of changes."""
    for part in parts[:-1]:
        changes = changes.setdefault(part, {})
    changes[parts[-1]] = change


def _apply(repository, tree, changes):
    """The id of tree (None: an empty folder) with changes: {name: (id, mode) | None | {...}}."""
    builder = repository.TreeBuilder(tree) if tree is not None else repository.TreeBuilder()
    for name, change in changes.items():
        entry = _folder(repository, tree, name, change) if isinstance(change, dict) else change
        if entry is not None:
            builder.insert(name, *entry)
        elif builder.get(name) is not None:
            builder.remove(name)
    return builder.write()


def _folder(repository, tree, name, changes):
    """The (id, mode) of folder name with changes applied, or None when it ends up empty."""
    old = None if isinstance(changes, _Fresh) else _subtree(repository, tree, name)
    folder = _apply(repository, old, changes)
    empty = len(repository[folder]) == 0  # git keeps no empty folders
    return None if empty else (folder, pygit2.enums.FileMode.TREE)


def _subtree(repository, tree, name):
    entry = tree[name] if tree is not None and name in tree else None
    return repository[entry.id] if entry is not None and entry.type_str == "tree" else None
