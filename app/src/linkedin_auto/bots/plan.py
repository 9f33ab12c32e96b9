"""Plan preview (``GET /api/bots/{bot}/plan``): what a run would do now, and why.

A bot cannot see LinkedIn without a run, so the plan combines what is known now (pause, working
hours, budget) with the last list a run or dry-run saw (``save_last_list``): who would get an
action, who is skipped and the reason. A dry-run refreshes that list without acting.

``summary`` applies the same limits a real run applies (quotas with the warm-up, the per-run
cap, working hours, the pause) to the candidates still to do: how many now, how many deferred
and why ("3 now, 3 tomorrow: daily quota 3 during warm-up"), and for birthdays which belated
wishes will be too late (``max_days_late``) before the quota reaches them.
"""

from __future__ import annotations

import math
from typing import Any

from linkedin_auto.bots.safety.budget import usage
from linkedin_auto.bots.safety.hours import check_hours
from linkedin_auto.bots.safety.pause import current_pause
from linkedin_auto.clock import Clock, iso, parse_iso
from linkedin_auto.db.connection import Database
from linkedin_auto.db.kv import kv_get, kv_set
from linkedin_auto.errors import NotFound
from linkedin_auto.settings import BOTS, Settings
from linkedin_auto.text import plural

# Which budget each bot spends.
BOT_ACTIONS: dict[str, tuple[str, ...]] = {
    "birthday": ("message",),
    "visitor": ("profile_view",),
    "invitations": ("accept", "ignore", "withdraw"),
}


# Outcomes of an action that took effect on LinkedIn (or may have: unverified counts too).
DONE_OUTCOMES = frozenset({"sent", "done", "unverified", "reconciled"})
# Decisions of entries still to do.
TO_DO = frozenset({"wish", "deferred"})
TEXT_NOTE = ("each text is picked from the templates at send time (the dry run shows one "
             "possible pick), avoiding one the person got in the last "
             "bots.birthday.template_repeat_years")


def _key(bot: str) -> str:
    return f"plan:{bot}:last_list"


def save_last_list(
    db: Database, clock: Clock, bot: str, run_id: int, dry_run: bool,
    entries: list[dict[str, Any]],
) -> None:
    """Store the candidates a run saw: each entry has at least name, decision, reason."""
    kv_set(db, clock, _key(bot), {"run_id": run_id, "dry_run": dry_run,
                                  "at": iso(clock.now()), "entries": entries})


def last_list(db: Database, bot: str) -> dict[str, Any] | None:
    """The stored list; entries a real run already acted on say ``done``, not what it planned."""
    value = kv_get(db, _key(bot))
    if not isinstance(value, dict):
        return None
    if not value.get("dry_run"):
        value["entries"] = [
            {**e, "decision": "done", "reason": _done_reason(e, value.get("run_id"))}
            if isinstance(e, dict) and e.get("outcome") in DONE_OUTCOMES else e
            for e in value.get("entries") or []
        ]
    return value


def _done_reason(entry: dict[str, Any], run_id: Any) -> str:
    if entry.get("outcome") == "unverified":
        return (f"clicked by run #{run_id}, delivery not seen (unverified): counted, not sent "
                "again; see wishes to check")
    return f"{entry['outcome']} by run #{run_id}"


def summarize(bot: str, settings: Settings, budget: dict[str, dict[str, Any]],
              blocked: list[str], listing: dict[str, Any] | None,
              clock: Clock) -> dict[str, Any]:
    """How many of the listed candidates a run now would act on, and what waits and why."""
    # A real run's done entries already say "done" (last_list); a dry-run's stay to do.
    entries = [e for e in (listing or {}).get("entries") or []
               if isinstance(e, dict) and e.get("decision") in TO_DO]
    cap = getattr(getattr(settings.bots, bot, None), "max_per_run", None)
    action = BOT_ACTIONS[bot][0]
    u = budget[action]
    daily_left = max(0, u["daily_limit"] - u["daily_used"])
    weekly_left = max(0, u["weekly_limit"] - u["weekly_used"])
    limits = [(daily_left, "daily"), (weekly_left, "weekly")]
    if cap is not None:
        limits.append((int(cap), "run"))
    room, binding = min(limits, key=lambda x: x[0])
    if blocked:
        room, why = 0, "; ".join(blocked)
    elif binding == "daily":
        why = f"daily quota {u['daily_limit']}"
        if u["warmup_factor"] < 1:
            why += " during warm-up"
    elif binding == "weekly":
        why = f"weekly quota {u['weekly_limit']}"
    else:
        why = f"per-run cap {cap} (bots.{bot}.max_per_run)"
    now_n = min(len(entries), room)
    later = entries[now_n:]
    per_day = max(1, min(int(u["daily_limit"]), int(cap) if cap is not None else 10**6))
    if not later:
        text = f"{now_n} now" + ("" if entries else ": nothing to do in the last list")
    elif binding == "daily" and not blocked:
        days = math.ceil(len(later) / per_day)
        when = "tomorrow" if days == 1 else f"over the next {days} days"
        text = f"{now_n} now, {len(later)} {when}: {why}"
    else:
        text = f"{now_n} now, {len(later)} later: {why}"
    aging: list[str] = []
    if bot == "birthday" and later:
        max_late = int(settings.bots.birthday.max_days_late)
        at = listing.get("at") if listing else None
        elapsed = (clock.now() - parse_iso(at)).days if at else 0
        for n, e in enumerate(later):
            # the day a later run reaches it: tomorrow at the earliest, unless only the
            # per-run cap holds it back (another run today could)
            day = n // per_day + (0 if binding == "run" and not blocked else 1)
            if int(e.get("days_late") or 0) + elapsed + day > max_late:
                aging.append(str(e.get("name", "")))
        if aging:
            text += (f"; {plural(len(aging), 'belated wish', 'belated wishes')} will be more "
                     f"than {plural(max_late, 'day')} late (the most allowed) before the quota "
                     "reaches them")
    return {"now": now_n, "deferred": len(later), "reason": why, "text": text,
            "aging_out": aging}


class NoPlan(NotFound, LookupError):
    """The run type has no plan (only the bots that act on LinkedIn have one)."""


def plan_for(bot: str, settings: Settings, db: Database, clock: Clock) -> dict[str, Any]:
    if bot not in BOTS:
        raise NoPlan(f"unknown bot {bot!r} (known: {', '.join(BOTS)})")
    now = clock.now()
    pause = current_pause(db, clock)
    hours = check_hours(settings, now)
    budget = {a: u for a, u in usage(settings, db, clock).items() if a in BOT_ACTIONS[bot]}
    enabled = bool(getattr(settings.bots, bot).enabled)
    reasons = []
    if not enabled:
        reasons.append(f"bots.{bot}.enabled is off")
    if pause is not None:
        reasons.append(f"all bots paused until {iso(pause.until)}: {pause.reason}")
    if not hours.ok:
        reasons.append(hours.reason)
    exhausted = [a for a, u in budget.items()
                 if u["daily_used"] >= u["daily_limit"] or u["weekly_used"] >= u["weekly_limit"]]
    if exhausted and len(exhausted) == len(budget):
        reasons.append("budget exhausted: " + ", ".join(exhausted))
    listing = last_list(db, bot)
    blocked = [r for r in reasons if not r.startswith("budget exhausted")]
    extra: dict[str, Any] = {}
    if bot == "birthday":  # the bot whose list says wish / deferred
        extra = {"text_note": TEXT_NOTE,
                 "summary": summarize(bot, settings, budget, blocked, listing, clock)}
    return {
        **extra,
        "bot": bot,
        "now": iso(now),
        "would_run": not reasons,
        "reasons": reasons or ["ready: a run now would act within the budget below"],
        "enabled": enabled,
        "pause": pause.to_dict() if pause else None,
        "working_hours": {"ok": hours.ok, "reason": hours.reason,
                          "next_start": hours.next_start.isoformat() if hours.next_start
                          else None},
        "budget": budget,
        "last_list": listing,
        "note": ("the list is what the most recent run or dry-run saw; start a dry-run to "
                 "refresh it") if listing else "no run yet: start a dry-run to see the list",
    }
