"""The visitor bot: visit the profiles a people search finds, like a person would.

Per run: search with ``bots.visitor`` (run options override the search terms and caps), walk
up to ``max_pages`` result pages, and open up to ``max_per_run`` profiles, each taking one
``profile_view`` from the shared budget, staying a random ``dwell_min/max_seconds`` with light
scrolling. Never revisits anyone really visited in the last ``revisit_days``; skips the
blacklist (settings and contacts marked in the dashboard). Each visit is recorded (contacts,
profile_visits) and audited. A dry-run collects and plans the same list but opens no profile.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from linkedin_auto.bots.invitation_rules import Blacklist
from linkedin_auto.bots.page_read import (
    RawCard,
    clean_name,
    descriptive_lines,
    read_cards,
    wait_for_list,
)
from linkedin_auto.bots.plan import save_last_list
from linkedin_auto.bots.run_options import VisitorOptions, parse_options
from linkedin_auto.bots.search_query import PeopleSearch, search_from_settings
from linkedin_auto.bots.visit_store import (
    blacklisted_slugs,
    profile_url,
    recently_visited,
    record_visit,
    upsert_contact,
)
from linkedin_auto.queue.registry import register
from linkedin_auto.runs.context import RunContext
from linkedin_auto.settings import ConfigError, VisitorBot

if TYPE_CHECKING:
    from linkedin_auto.bots.common import BotSession

ACTION = "profile_view"
_CONTACT_INFO = re.compile(r"\s*(?:[·•]\s*)?(?:Contact info|Coordonnées)\s*$", re.I)
_CONNECTIONS = re.compile(r"\b\d[\d,+]*\s+(?:connections|relations)\b", re.I)


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


def candidates_from_cards(cards: list[RawCard], page: int) -> list[Candidate]:
    out = []
    for card in cards:
        if not card.slug:
            continue
        name = clean_name(card.link_text) or (card.lines[0] if card.lines else "")
        lines = descriptive_lines(card, name)
        out.append(Candidate(card.slug, name, lines[0] if lines else "",
                             lines[1] if len(lines) > 1 else "", page))
    return out


def read_search_page(s: BotSession, page: int) -> list[Candidate]:
    cards = wait_for_list(s, "search_result", "search_no_results")
    if cards is None:
        return []
    return candidates_from_cards(read_cards(cards), page)


def _text(s: BotSession, name: str) -> str:
    loc = s.selectors.resolve(s.page, name)
    if loc is None:
        return ""
    try:
        return " ".join(loc.first.inner_text(timeout=2000).split())
    except Exception:  # an element that vanished: keep what the search card said
        return ""


def read_profile(s: BotSession, c: Candidate) -> Candidate:
    """The profile's own name, headline and location when shown; the card's otherwise."""
    name = _text(s, "profile_name")
    headline = _text(s, "profile_headline")
    location = _text(s, "profile_location")
    location = _CONTACT_INFO.sub("", location).strip()
    if _CONNECTIONS.search(location):
        location = ""
    if c.name and not _same_person(name, c.name):
        name = ""  # e.g. a section title picked up where the profile shows no name heading
    return Candidate(c.slug, name or c.name, headline or c.headline, location or c.location,
                     c.page)


def _same_person(a: str, b: str) -> bool:
    return bool(set(a.casefold().split()) & set(b.casefold().split()))


def dwell(s: BotSession, plan: VisitorPlan, rng: random.Random) -> float:
    """Stay on the profile a random time, scrolling down a little a few times."""
    seconds = rng.uniform(plan.dwell_min, plan.dwell_max)
    steps = max(1, min(4, int(seconds // 4) + 1))
    for _ in range(steps):
        s.page.mouse.wheel(0, rng.randint(250, 700))
        s.delays.sleep(seconds / steps)
    return seconds


def visitor_body(ctx: RunContext, s: BotSession) -> None:
    entries: list[dict[str, Any]] = []
    try:
        _visitor(ctx, s, entries)
    finally:
        save_last_list(ctx.db, ctx.clock, "visitor", ctx.run_id, ctx.dry_run, entries)


def _visitor(ctx: RunContext, s: BotSession, entries: list[dict[str, Any]]) -> None:
    cfg = ctx.settings.bots.visitor
    plan = plan_from(cfg, ctx.options)
    for w in plan.search.warnings:
        ctx.event("search_warning", w, level="warning")
    base = ctx.settings.linkedin.base_url
    rng = random.Random()
    recent = recently_visited(ctx.db, ctx.clock.now(), plan.revisit_days)
    blacklist = Blacklist([*cfg.blacklist, *blacklisted_slugs(ctx.db)])
    query = plan.search.describe()
    ctx.event("search", f"searching: {query}", query=query, max_per_run=plan.max_per_run,
              max_pages=plan.max_pages)
    done = 0
    seen: set[str] = set()
    for page_no in range(1, plan.max_pages + 1):
        ctx.check_cancelled()
        s.goto(plan.search.url(base, page_no))
        found = read_search_page(s, page_no)
        ctx.event("search_page", f"page {page_no}: {len(found)} results", page=page_no,
                  results=len(found))
        ctx.count("search_pages")
        if not found:
            break
        for c in found:
            if done >= plan.max_per_run:
                break
            if c.slug in seen:
                continue
            seen.add(c.slug)
            if c.slug in recent:
                ctx.count("skipped_recent")
                entries.append(_entry(c, "skip", f"visited in the last {plan.revisit_days} days"))
                continue
            if blacklist.matches(name=c.name, slug=c.slug):
                ctx.count("skipped_blacklist")
                ctx.event("skip", f"{c.name}: on the blacklist", slug=c.slug)
                entries.append(_entry(c, "skip", "on the blacklist"))
                continue
            ctx.check_cancelled()
            allowed = s.budget.allow(ACTION)
            if not allowed.ok:
                ctx.event("budget", f"stopping: {allowed.reason}", level="warning",
                          budget=allowed.usage_str)
                ctx.count("budget_stops")
                return
            _visit(ctx, s, plan, c, base, query, allowed.usage_str, rng)
            entries.append(_entry(c, "visit", f"matches the search; {allowed.usage_str}"))
            done += 1
        if done >= plan.max_per_run:
            break
    ctx.event("done", f"{done} profile(s) {'planned' if ctx.dry_run else 'visited'}")


def _entry(c: Candidate, decision: str, reason: str) -> dict[str, Any]:
    return {"name": c.name, "slug": c.slug, "headline": c.headline, "decision": decision,
            "reason": reason}


def _visit(ctx: RunContext, s: BotSession, plan: VisitorPlan, c: Candidate, base: str,
           query: str, budget: str, rng: random.Random) -> None:
    url = profile_url(base, c.slug)
    seconds = 0.0
    if not ctx.dry_run:
        s.delay()
        s.goto(url)
        c = read_profile(s, c)
        seconds = dwell(s, plan, rng)
    now = ctx.clock.now()
    contact_id = upsert_contact(ctx.db, now, base_url=base, slug=c.slug, name=c.name,
                                headline=c.headline, location=c.location)
    record_visit(ctx.db, now, contact_id=contact_id, run_id=ctx.run_id, query=query,
                 dry_run=ctx.dry_run, dwell_seconds=round(seconds, 1))
    s.audit(ACTION, target_name=c.name, target_url=url, rule=f"search: {query}",
            budget=budget, outcome="dry_run" if ctx.dry_run else "done")
    ctx.count("planned" if ctx.dry_run else "visited")
    ctx.event("visit" if not ctx.dry_run else "plan",
              f"{'would visit' if ctx.dry_run else 'visited'} {c.name}",
              slug=c.slug, headline=c.headline, location=c.location, page=c.page)


@register("visitor", "Visit the profiles a people search finds (with dwell time)", is_bot=True)
def run_visitor(ctx: RunContext) -> None:
    from linkedin_auto.bots.common import run_bot

    plan = plan_from(ctx.settings.bots.visitor, ctx.options)  # bad options fail before launch
    run_bot(ctx, lambda s: visitor_body(ctx, s), run_caps={ACTION: plan.max_per_run})
