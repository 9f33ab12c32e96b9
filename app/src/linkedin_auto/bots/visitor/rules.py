"""What the visitor visits: the run's plan (settings + run options) and who is left out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from linkedin_auto.bots.contacts import Blacklist
from linkedin_auto.bots.run_options import VisitorOptions, parse_options
from linkedin_auto.bots.search_query import PeopleSearch, search_from_settings
from linkedin_auto.settings import ConfigError, VisitorBot


@dataclass(frozen=True)
class Candidate:
    slug: str
    name: str
    headline: str = ""
    location: str = ""
    page: int = 1


@dataclass(frozen=True)
class VisitorPlan:
    search: PeopleSearch
    max_per_run: int
    max_pages: int
    dwell_min: float
    dwell_max: float
    revisit_days: int


def plan_from(cfg: VisitorBot, options: dict[str, Any] | None = None) -> VisitorPlan:
    """Settings plus run options, validated; raises ConfigError naming the field."""
    opts = parse_options(VisitorOptions, options)
    search = search_from_settings(cfg, opts.model_dump(exclude_none=True))
    if cfg.dwell_min_seconds > cfg.dwell_max_seconds:
        raise ConfigError([("bots.visitor.dwell_min_seconds",
                            "must not exceed dwell_max_seconds")])
    return VisitorPlan(
        search,
        opts.max_per_run or cfg.max_per_run,
        opts.max_pages or cfg.max_pages,
        cfg.dwell_min_seconds, cfg.dwell_max_seconds, cfg.revisit_days,
    )


def skip_reason(c: Candidate, *, recent: set[str], blacklist: Blacklist,
                revisit_days: int) -> tuple[str, str] | None:
    """(count key, reason) when ``c`` must not be visited, else None."""
    if c.slug in recent:
        return "skipped_recent", f"visited in the last {revisit_days} days"
    if blacklist.matches(name=c.name, slug=c.slug):
        return "skipped_blacklist", "on the blacklist"
    return None
