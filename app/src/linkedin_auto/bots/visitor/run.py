"""One visitor run: walk the search pages, visit each candidate the rules and budget allow.

A profile view counts from the moment the bot asks for the profile: it is audited ``done``
when the profile page loaded and was read, ``unverified`` when the navigation failed or the
page was a warning sign (LinkedIn may have counted the view anyway). Either way it takes a
``profile_view`` from the run cap and the quotas, is recorded in ``profile_visits`` (so the
person is not revisited within ``revisit_days``), and the human delay follows.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from linkedin_auto.bots.common import Outcome
from linkedin_auto.bots.contacts import Blacklist, blacklisted_slugs, profile_url, upsert_contact
from linkedin_auto.bots.plan import save_last_list
from linkedin_auto.bots.visitor.page import read_profile, read_search_page
from linkedin_auto.bots.visitor.rules import Candidate, VisitorPlan, plan_from, skip_reason
from linkedin_auto.bots.visitor.store import recently_visited, record_visit
from linkedin_auto.runs.context import RunContext
from linkedin_auto.text import plural

if TYPE_CHECKING:
    from linkedin_auto.bots.common import BotSession

ACTION = "profile_view"


def dwell(s: BotSession, plan: VisitorPlan, rng: random.Random, name: str = "") -> float:
    """Stay on the profile a random time, scrolling down a little a few times."""
    seconds = rng.uniform(plan.dwell_min, plan.dwell_max)
    s.ctx.step(f"reading {name}'s profile" if name else "reading the profile",
               wait_seconds=seconds)
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
    ctx.plan(plan.max_per_run, "visits", at_most=True)
    for page_no in range(1, plan.max_pages + 1):
        ctx.check_cancelled()
        s.goto(plan.search.url(base, page_no), f"search results, page {page_no}")
        found = read_search_page(s, page_no)
        ctx.event("search_page", f"page {page_no}: {len(found)} results", page=page_no,
                  results=len(found))
        ctx.count("search_pages")
        if not found:
            break
        for i, c in enumerate(found):
            if done >= plan.max_per_run:
                break
            if c.slug in seen:
                continue
            seen.add(c.slug)
            skip = skip_reason(c, recent=recent, blacklist=blacklist,
                               revisit_days=plan.revisit_days)
            if skip is not None:
                ctx.count(skip[0])
                if skip[0] == "skipped_blacklist":
                    ctx.event("skip", f"{c.name}: {skip[1]}", slug=c.slug)
                entries.append(_entry(c, "skip", skip[1]))
                continue
            ctx.check_cancelled()
            allowed = s.budget.allow(ACTION)
            if not allowed.ok:
                ctx.event("budget", f"stopping: {allowed.reason}", level="warning",
                          budget=allowed.usage_str)
                ctx.count("budget_stops")
                if "per-run cap" not in allowed.reason:
                    # A quota, not the run's own size: the rest waits for a later run.
                    ctx.count("deferred", len(found) - i)
                return
            _visit(ctx, s, plan, c, base, query, allowed.usage_str, rng)
            entries.append(_entry(c, "visit", f"matches the search; {allowed.usage_str}"))
            done += 1
        if done >= plan.max_per_run:
            break
    ctx.event("done", f"{plural(done, 'profile')} {'planned' if ctx.dry_run else 'visited'}")


def _entry(c: Candidate, decision: str, reason: str) -> dict[str, Any]:
    return {"name": c.name, "slug": c.slug, "headline": c.headline, "decision": decision,
            "reason": reason}


def _visit(ctx: RunContext, s: BotSession, plan: VisitorPlan, c: Candidate, base: str,
           query: str, budget: str, rng: random.Random) -> None:
    url = profile_url(base, c.slug)
    if ctx.dry_run:
        _record(ctx, s, c, url, query, budget, Outcome.dry_run, 0.0)
        ctx.item_done()
        return
    outcome, seconds = Outcome.unverified, 0.0
    try:
        s.goto(url, f"{c.name}'s profile")  # from here on the view counts, whatever follows
        c = read_profile(s, c)
        seconds = dwell(s, plan, rng, c.name)
        outcome = Outcome.done
    finally:
        _record(ctx, s, c, url, query, budget, outcome, seconds)
    ctx.item_done()  # before the delay: the live progress counts it at once
    s.delay()


def _record(ctx: RunContext, s: BotSession, c: Candidate, url: str, query: str, budget: str,
            outcome: Outcome, seconds: float) -> None:
    now = ctx.clock.now()
    contact_id = upsert_contact(ctx.db, now, base_url=ctx.settings.linkedin.base_url,
                                slug=c.slug, name=c.name, headline=c.headline,
                                location=c.location)
    record_visit(ctx.db, now, contact_id=contact_id, run_id=ctx.run_id, query=query,
                 dry_run=ctx.dry_run, dwell_seconds=round(seconds, 1))
    s.audit(ACTION, target_name=c.name, target_url=url, rule=f"search: {query}",
            budget=budget, outcome=outcome)
    if outcome is Outcome.dry_run:
        ctx.count("planned")
        ctx.event("plan", f"would visit {c.name}", slug=c.slug, headline=c.headline,
                  location=c.location, page=c.page)
    elif outcome is Outcome.done:
        ctx.count("visited")
        ctx.event("visit", f"visited {c.name}", slug=c.slug, headline=c.headline,
                  location=c.location, page=c.page)
    else:
        ctx.count("unverified")
        ctx.event("visit_unverified", f"opened {c.name}'s profile but could not read it:"
                  " counted as a view", level="warning", slug=c.slug)
