"""People-search URLs for the visitor bot.

LinkedIn's people search takes everything in the query string:
``/search/results/people/?keywords=...&titleFreeText=...&geoUrn=["<id>"]&network=["S"]&page=N``.
Keywords keep LinkedIn's own Boolean syntax (``OR``, ``NOT``, ``AND`` in capitals, "quoted
phrases", parentheses) and are passed through untouched; we only refuse what LinkedIn would
misread silently: unbalanced quotes or parentheses, and free-text locations (LinkedIn ignores a
``geoUrn`` that is not a numeric id and returns worldwide results instead).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from linkedin_auto.settings import ConfigError, VisitorBot

SEARCH_PATH = "/search/results/people/"
NETWORK_CODES = ("F", "S", "O")
_GEO_URN = re.compile(r"^(?:urn:li:(?:fs_)?geo:)?(\d{1,20})$")
_OPERATOR_CASE = re.compile(r"(?<![\w\"])(or|not|and)(?![\w\"])")


@dataclass(frozen=True)
class PeopleSearch:
    """A validated people search: build one with :func:`search_from_settings`."""

    keywords: str = ""
    title: str = ""
    geo_urns: tuple[str, ...] = ()
    network: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def url(self, base_url: str, page: int = 1) -> str:
        """The absolute search URL for result page ``page`` (1-based)."""
        if page < 1:
            raise ValueError("page numbers start at 1")
        params: list[tuple[str, str]] = []
        if self.keywords:
            params.append(("keywords", self.keywords))
        if self.title:
            params.append(("titleFreeText", self.title))
        if self.geo_urns:
            params.append(("geoUrn", _json_list(self.geo_urns)))
        if self.network:
            params.append(("network", _json_list(self.network)))
        params.append(("origin", "FACETED_SEARCH"))
        if page > 1:
            params.append(("page", str(page)))
        return f"{base_url.rstrip('/')}{SEARCH_PATH}?{urlencode(params)}"

    def describe(self) -> str:
        """A short human-readable summary, stored with each visit."""
        parts = []
        if self.keywords:
            parts.append(f"keywords={self.keywords}")
        if self.title:
            parts.append(f"title={self.title}")
        if self.geo_urns:
            parts.append("geo=" + ",".join(self.geo_urns))
        if self.network:
            parts.append("network=" + ",".join(self.network))
        return " ".join(parts)


def _json_list(values: tuple[str, ...]) -> str:
    # LinkedIn's own URLs carry these facets as compact JSON lists: ["103644278","90009659"].
    return json.dumps(list(values), separators=(",", ":"))


def check_keywords(keywords: str) -> list[str]:
    """Reasons the Boolean keyword syntax would be misread (empty when it is fine)."""
    problems: list[str] = []
    if keywords.count('"') % 2:
        problems.append('unbalanced double quote (")')
    depth = 0
    in_quote = False
    for ch in keywords:
        if ch == '"':
            in_quote = not in_quote
        elif not in_quote and ch == "(":
            depth += 1
        elif not in_quote and ch == ")":
            depth -= 1
            if depth < 0:
                break
    if depth != 0:
        problems.append("unbalanced parentheses")
    stripped = _strip_quoted(keywords).strip()
    tokens = stripped.replace("(", " ( ").replace(")", " ) ").split()
    if tokens and tokens[0] in ("OR", "AND"):
        problems.append(f"starts with the operator {tokens[0]}")
    if tokens and tokens[-1] in ("OR", "AND", "NOT"):
        problems.append(f"ends with the operator {tokens[-1]}")
    return problems


def _strip_quoted(text: str) -> str:
    return re.sub(r'"[^"]*"', " x ", text)


def lowercase_operators(keywords: str) -> list[str]:
    """Lower-case or/not/and outside quotes: LinkedIn treats them as plain words."""
    return sorted({m.group(1) for m in _OPERATOR_CASE.finditer(_strip_quoted(keywords))})


def normalise_geo_urn(value: str) -> str | None:
    """``"103644278"`` or ``"urn:li:geo:103644278"`` -> ``"103644278"``; anything else None."""
    m = _GEO_URN.match(value.strip())
    return m.group(1) if m else None


def build_search(
    *,
    keywords: str = "",
    title: str = "",
    geo_urns: list[str] | tuple[str, ...] = (),
    network: list[str] | tuple[str, ...] = (),
    field_prefix: str = "bots.visitor",
) -> PeopleSearch:
    """Validate the search terms; raises ConfigError naming each bad field."""
    errors: list[tuple[str, str]] = []
    keywords = " ".join(keywords.split())
    title = " ".join(title.split())
    for problem in check_keywords(keywords):
        errors.append((f"{field_prefix}.keywords", problem))
    if not keywords and not title:
        errors.append((
            f"{field_prefix}.keywords",
            "set keywords or a title: an empty search would visit arbitrary people",
        ))
    geos: list[str] = []
    for i, raw in enumerate(geo_urns):
        geo = normalise_geo_urn(str(raw))
        if geo is None:
            errors.append((
                f"{field_prefix}.geo_urns.{i}",
                f"{raw!r} is not a numeric LinkedIn geo id (e.g. 103644278 or "
                "urn:li:geo:103644278); LinkedIn silently ignores free-text locations",
            ))
        elif geo not in geos:
            geos.append(geo)
    nets: list[str] = []
    for i, code in enumerate(network):
        c = str(code).strip().upper()
        if c not in NETWORK_CODES:
            errors.append((f"{field_prefix}.network.{i}", f"{code!r} is not one of F, S, O"))
        elif c not in nets:
            nets.append(c)
    if errors:
        raise ConfigError(errors)
    warnings = tuple(
        f"'{op}' in lower case is searched as a word; write {op.upper()} for the operator"
        for op in lowercase_operators(keywords)
    )
    return PeopleSearch(
        keywords=keywords,
        title=title,
        geo_urns=tuple(geos),
        network=tuple(sorted(nets, key=NETWORK_CODES.index)),
        warnings=warnings,
    )


# Run options that may override the configured search (POST /api/bots/visitor/runs body).
SEARCH_OPTION_KEYS = ("keywords", "title", "geo_urns", "network")


def search_from_settings(cfg: VisitorBot, options: dict[str, Any] | None = None) -> PeopleSearch:
    """The configured search, with any run options (same names as the settings) on top."""
    options = options or {}
    values: dict[str, Any] = {k: getattr(cfg, k) for k in SEARCH_OPTION_KEYS}
    for key in SEARCH_OPTION_KEYS:
        if key in options and options[key] is not None:
            values[key] = options[key]
    for key in ("geo_urns", "network"):
        if isinstance(values[key], str):
            values[key] = [v for v in re.split(r"[,\s]+", values[key]) if v]
    return build_search(
        keywords=str(values["keywords"]),
        title=str(values["title"]),
        geo_urns=list(values["geo_urns"]),
        network=list(values["network"]),
    )
