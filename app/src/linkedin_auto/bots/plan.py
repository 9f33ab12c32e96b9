"""Plan preview (``GET /api/bots/{bot}/plan``): what a run would do now, and why.

A bot cannot see LinkedIn without a run, so the plan combines what is known now (pause, working
hours, budget) with the last list a run or dry-run saw (``save_last_list``): who would get an
action, who is skipped and the reason. A dry-run refreshes that list without acting.
"""

from __future__ import annotations

from typing import Any

from linkedin_auto.bots.safety.budget import usage
from linkedin_auto.bots.safety.hours import check_hours
from linkedin_auto.bots.safety.pause import current_pause
from linkedin_auto.clock import Clock, iso
from linkedin_auto.db.connection import Database
from linkedin_auto.db.kv import kv_get, kv_set
from linkedin_auto.settings import BOTS, Settings

# Which budget each bot spends.
BOT_ACTIONS: dict[str, tuple[str, ...]] = {
    "birthday": ("message",),
    "visitor": ("profile_view",),
    "invitations": ("accept", "ignore", "withdraw"),
}


# Outcomes of an action that took effect on LinkedIn.
DONE_OUTCOMES = frozenset({"sent", "done"})


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
            {**e, "decision": "done", "reason": f"{e['outcome']} by run #{value.get('run_id')}"}
            if isinstance(e, dict) and e.get("outcome") in DONE_OUTCOMES else e
            for e in value.get("entries") or []
        ]
    return value


def plan_for(bot: str, settings: Settings, db: Database, clock: Clock) -> dict[str, Any]:
    if bot not in BOTS:
        raise LookupError(f"unknown bot {bot!r} (known: {', '.join(BOTS)})")
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
    return {
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
