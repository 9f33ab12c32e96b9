"""Release version numbers: the PEP 440 subset this project publishes (1.2.3, 1.2.3rc1,
1.2.3.post1).

A small parser rather than a dependency: the updater must refuse what it cannot order, not guess.
"""

from __future__ import annotations

import re
from functools import total_ordering

_VERSION = re.compile(
    r"^(?P<release>\d+(?:\.\d+){0,3})(?:(?P<pre>a|b|rc)(?P<pre_n>\d+))?"
    r"(?:\.post(?P<post>\d+))?(?:\.dev(?P<dev>\d+))?$"
)
_PRE_ORDER = {"a": 0, "b": 1, "rc": 2}


class BadVersion(ValueError):
    pass


@total_ordering
class Version:
    def __init__(self, text: str):
        m = _VERSION.match(text.strip())
        if not m:
            raise BadVersion(
                f"{text!r} is not a release version (like 1.2.3, 1.2.3rc1, 1.2.3.post1)")
        self.text = text.strip()
        release = tuple(int(p) for p in m["release"].split("."))
        release = release + (0,) * (4 - len(release))
        # Ordering: dev < pre-release < release < post-release, as PEP 440 sorts them.
        pre = (_PRE_ORDER[m["pre"]], int(m["pre_n"])) if m["pre"] else (9, 0)
        if m["dev"] is not None and not m["pre"] and m["post"] is None:
            pre = (-1, 0)
        post = int(m["post"]) if m["post"] is not None else -1
        dev = int(m["dev"]) if m["dev"] is not None else 1 << 30
        self._key = (release, pre, post, dev)

    @property
    def is_prerelease(self) -> bool:
        return self._key[1][0] != 9 or self._key[3] != 1 << 30

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and self._key == other._key

    def __lt__(self, other: Version) -> bool:
        return self._key < other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Version({self.text!r})"
