"""The YAML config file as the dashboard and CLI edit it.

Updates are partial documents deep-merged into the file's current content (``null`` removes a
key, i.e. returns it to its default), validated as a whole, then written atomically (temp file in
the same directory, fsync, rename, fsync of the directory): a refused or interrupted update leaves
the previous file in force, byte for byte.

Versions are kept in the ``config_history`` table rather than as ``config.yaml.N`` files: the
history then travels with database backups, is listed by the API without file permissions on
/etc, and the service needs write access to one file only. The last HISTORY_KEEP are kept.

Secrets inside the config (notification URLs carry tokens and passwords) are masked in every
answer as ``scheme://****<tag>``; a masked value sent back unchanged keeps the stored value.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from linkedin_auto.clock import Clock, iso
from linkedin_auto.db.connection import Database
from linkedin_auto.settings import (
    ENV_PREFIX,
    ConfigError,
    Settings,
    config_file_path,
    upgrade_document,
    validate_document,
)

HISTORY_KEEP = 10
# Field paths whose values are secret (lists of URLs are masked item by item).
SECRET_PATHS = (("notifications", "urls"),)
# Keys the API may not change: they decide which files, sockets, binaries and hosts the
# services use. A stolen dashboard session must not be able to point the browser at another
# binary or the bots (and the LinkedIn cookies) at another host. Set them in the file itself.
INSTALL_ONLY = ("paths", "server", "redis", "linkedin.base_url", "browser.executable_path",
                "browser.extra_args")
_MASK = re.compile(r"^([a-z0-9+.-]*)://\*\*\*\*([0-9a-f]{6})$")


def mask_url(url: str) -> str:
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    # A short hash tells two masked URLs of the same scheme apart without revealing them.
    return f"{scheme}://****{hashlib.sha256(url.encode()).hexdigest()[:6]}"


def _get(doc: dict[str, Any], path: tuple[str, ...]) -> Any:
    cur: Any = doc
    for p in path:
        if not isinstance(cur, dict) or p not in cur:
            return None
        cur = cur[p]
    return cur


def mask_document(doc: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    for path in SECRET_PATHS:
        parent = _get(out, path[:-1])
        if isinstance(parent, dict) and isinstance(parent.get(path[-1]), list):
            parent[path[-1]] = [mask_url(str(u)) for u in parent[path[-1]]]
    return out


def _unmask(patch: dict[str, Any], known: list[dict[str, Any]]) -> dict[str, Any]:
    """Replace masked values in ``patch`` by the stored values they stand for."""
    out = copy.deepcopy(patch)
    for path in SECRET_PATHS:
        parent = _get(out, path[:-1])
        if not isinstance(parent, dict) or not isinstance(parent.get(path[-1]), list):
            continue
        originals: dict[str, str] = {}
        for doc in known:
            for u in _get(doc, path) or []:
                originals[mask_url(str(u))] = str(u)
        fixed = []
        for item in parent[path[-1]]:
            if isinstance(item, str) and _MASK.match(item):
                if item not in originals:
                    raise ConfigError([(".".join(path), f"masked value {item!r} matches no "
                                        "stored value: enter the full URL")])
                fixed.append(originals[item])
            else:
                fixed.append(item)
        parent[path[-1]] = fixed
    return out


def _install_only_changes(patch: dict[str, Any], effective: dict[str, Any]) -> list[str]:
    changed = []
    for key in INSTALL_ONLY:
        path = tuple(key.split("."))
        parent = _get(patch, path[:-1]) if len(path) > 1 else patch
        if not isinstance(parent, dict) or path[-1] not in parent:
            continue
        new = parent[path[-1]]
        current = _get(effective, path)
        if isinstance(new, dict) and isinstance(current, dict):
            differs = any(current.get(k) != v for k, v in new.items())
        else:
            differs = new != current
        if differs:
            changed.append(key)
    return changed


def _without(patch: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """``patch`` minus ``keys`` (dotted), pruning sections left empty."""
    out = copy.deepcopy(patch)
    for key in keys:
        path = key.split(".")
        parents = [out]
        for p in path[:-1]:
            nxt = parents[-1].get(p)
            if not isinstance(nxt, dict):
                break
            parents.append(nxt)
        else:
            parents[-1].pop(path[-1], None)
            for i in range(len(parents) - 1, 0, -1):
                if not parents[i]:
                    parents[i - 1].pop(path[i - 1], None)
    return out


def deep_merge(
    base: dict[str, Any], patch: dict[str, Any], defaults: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Merge ``patch`` into ``base``; a section the base lacks starts from ``defaults``
    (so ``{"limits": {"messages": {"daily": 5}}}`` keeps the default weekly quota)."""
    out = copy.deepcopy(base)
    defaults = defaults or {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        elif isinstance(v, dict) and isinstance(out.get(k), dict):
            sub = defaults.get(k)
            out[k] = deep_merge(out[k], v, sub if isinstance(sub, dict) else None)
        elif isinstance(v, dict) and isinstance(defaults.get(k), dict):
            out[k] = deep_merge(defaults[k], v, defaults[k])
        else:
            out[k] = copy.deepcopy(v)
    return out


def default_document() -> dict[str, Any]:
    """Every setting at its default (no file, no environment)."""
    return validate_document({}).model_dump(mode="json")


def read_document(path: Path | None = None) -> dict[str, Any]:
    path = path or config_file_path()
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise ConfigError([("(file)", f"{path}: not valid YAML: {exc}")]) from None
    if not isinstance(data, dict):
        raise ConfigError([("(file)", f"{path}: top level must be a mapping")])
    return data


def env_overrides() -> list[str]:
    """Field paths currently overridden by LINKEDIN_AUTO_* variables (values not shown)."""
    found = []
    for name in os.environ:
        if name.startswith(ENV_PREFIX) and name != f"{ENV_PREFIX}CONFIG":
            found.append(name[len(ENV_PREFIX):].lower().replace("__", "."))
    return sorted(found)


def effective_config(settings: Settings) -> dict[str, Any]:
    """The settings in force (file + env + defaults), secrets masked."""
    return mask_document(settings.model_dump(mode="json"))


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o640
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dfd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def _record(db: Database, clock: Clock, content: str, source: str) -> None:
    with db.transaction() as c:
        c.execute(
            "INSERT INTO config_history (content, source, created_at) VALUES (?, ?, ?)",
            (content, source, iso(clock.now())),
        )
        c.execute(
            "DELETE FROM config_history WHERE id NOT IN"
            " (SELECT id FROM config_history ORDER BY id DESC LIMIT ?)",
            (HISTORY_KEEP,),
        )


def _check_notification_urls(merged: dict[str, Any], current: dict[str, Any]) -> None:
    """Refuse notification URLs Apprise cannot use, naming each by its index. Only when the list
    changes: Apprise's plugins are large, and an unrelated save need not load them."""
    path = ("notifications", "urls")
    urls = _get(merged, path) or []
    if urls == (_get(current, path) or []):
        return
    from linkedin_auto.notify import url_problems  # notify imports this module

    problems = url_problems([str(u) for u in urls])
    if problems:
        raise ConfigError([((*path, i), msg) for i, msg in problems])


def update_config(
    db: Database, clock: Clock, patch: dict[str, Any], *, source: str = "api",
    path: Path | None = None, effective: Settings | None = None,
) -> dict[str, Any]:
    """Merge, validate, write; return the new file document. Raises ConfigError (nothing written).
    """
    if not isinstance(patch, dict):
        raise ConfigError([("(root)", "must be a mapping of sections")])
    path = path or config_file_path()
    # A file in an older layout is written back in the current one, merged with the patch.
    current = upgrade_document(read_document(path))
    if source == "api":
        eff = (effective or validate_document(current)).model_dump(mode="json")
        blocked = _install_only_changes(patch, eff)
        if blocked:
            raise ConfigError([(k, f"{k} is set at installation: edit {path} on the device")
                               for k in blocked])
        # Sent back unchanged (a form posting everything): nothing to write for them.
        patch = _without(patch, INSTALL_ONLY)
    known = [current] + ([effective.model_dump(mode="json")] if effective else [])
    merged = deep_merge(current, _unmask(patch, known), default_document())
    validate_document(merged)  # raises ConfigError with field paths
    _check_notification_urls(merged, current)
    if merged == current and path.is_file():
        return merged  # nothing changed: no write, no new version
    text = yaml.safe_dump(merged, sort_keys=False, allow_unicode=True)
    if not db.scalar("SELECT COUNT(*) FROM config_history") and path.is_file():
        # Keep the hand-written original as the first version.
        _record(db, clock, path.read_text(), "file")
    write_atomically(path, text)
    _record(db, clock, text, source)
    return merged


def history(db: Database) -> list[dict[str, Any]]:
    rows = db.query("SELECT id, content, source, created_at FROM config_history ORDER BY id DESC")
    out = []
    for r in rows:
        try:
            doc = yaml.safe_load(r["content"]) or {}
            content = yaml.safe_dump(mask_document(doc), sort_keys=False, allow_unicode=True)
        except yaml.YAMLError:
            content = ""
        out.append({"id": r["id"], "source": r["source"], "created_at": r["created_at"],
                    "content": content})
    return out


def json_schema() -> dict[str, Any]:
    return Settings.model_json_schema()
