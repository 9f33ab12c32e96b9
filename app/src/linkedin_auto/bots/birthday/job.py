"""The birthday run: read the page, decide, wish within the budget, settle earlier wishes."""

from __future__ import annotations

import math

from linkedin_auto.bots.birthday.decide import decide
from linkedin_auto.bots.birthday.model import Decision, Entry, PageChanged
from linkedin_auto.bots.birthday.page import BIRTHDAY_PATH, load_cards
from linkedin_auto.bots.birthday.recheck import recheck_unverified
from linkedin_auto.bots.birthday.wish import clicked, wish
from linkedin_auto.bots.common import BotSession, run_bot
from linkedin_auto.bots.plan import save_last_list
from linkedin_auto.bots.safety.budget import action_usage
from linkedin_auto.queue.registry import register
from linkedin_auto.runs.context import RunContext
from linkedin_auto.text import plural


@register("birthday", "Birthday wishes: today's and belated", is_bot=True,
          title="Birthday wishes")
def birthday_job(ctx: RunContext) -> None:
    cfg = ctx.settings.bots.birthday
    if not cfg.enabled:
        ctx.event("disabled", "bots.birthday.enabled is off: nothing to do")
        return
    run_bot(ctx, birthday_body, run_caps={"message": cfg.max_per_run})


def birthday_body(bs: BotSession) -> None:
    ctx = bs.ctx
    today = ctx.clock.now().astimezone(ctx.settings.tz).date()
    entries: list[Entry] = []
    try:
        bs.goto(BIRTHDAY_PATH, "birthdays")
        cards = load_cards(bs)
        ctx.count("cards", len(cards))
        ctx.event("cards", f"{len(cards)} birthday cards on the page")
        entries = [decide(bs, card, today) for card in cards]
        missing = [e for e in entries if e.extra.get("missing_button")]
        if missing:
            bs.screenshot("missing-message-button")
            raise PageChanged(
                f"no Message button found on {plural(len(missing), 'birthday card')} (selector "
                "'birthday_message_button'): LinkedIn may have changed the page; run "
                "`linkedin-auto selectors check`"
            )
        todo = sorted((e for e in entries if e.decision == Decision.wish),
                      key=lambda e: (e.days_late or 0, e.name))
        ctx.plan(len(todo), "wishes")
        for i, entry in enumerate(todo):
            decision = bs.budget.allow("message")
            if not decision.ok:
                ctx.plan(i, "wishes")  # the rest waits for a later run (deferred)
                defer(bs, todo[i:], decision.reason, decision.usage_str)
                break
            ctx.check_cancelled()
            ctx.step(f"wishing {entry.name}")
            wish(bs, entry, decision.usage_str)
            ctx.item_done()  # before the delay: the live progress counts it at once
            if clicked(entry):
                bs.delay()  # after every click, confirmed or not
        settled = {int(e.extra["unverified_id"]) for e in entries if e.extra.get("settled_here")}
        recheck_unverified(bs, settled)
    finally:
        save_last_list(ctx.db, ctx.clock, "birthday", ctx.run_id, ctx.dry_run,
                       [e.to_dict() for e in entries])


def defer(bs: BotSession, rest: list[Entry], reason: str, usage: str) -> None:
    """Left for later runs by a quota or the per-run cap; warn about wishes that will be too
    late (``max_days_late``) by the time the daily quota reaches them."""
    ctx = bs.ctx
    cfg = ctx.settings.bots.birthday
    per_day = max(1, int(action_usage(ctx.settings, ctx.db, ctx.clock.now(),
                                      "message")["daily_limit"]))
    late: list[str] = []
    for n, entry in enumerate(rest):
        entry.decision = Decision.deferred
        entry.reason = f"deferred: {reason}"
        days_until = math.ceil((n + 1) / per_day)  # today's quota is spent
        if (entry.days_late or 0) + days_until > cfg.max_days_late:
            entry.reason += (f"; will be {plural((entry.days_late or 0) + days_until, 'day')} "
                             "late when the quota reaches it, more than the "
                             f"{plural(cfg.max_days_late, 'day')} allowed")
            late.append(entry.name)
    ctx.count("deferred", len(rest))
    ctx.event("budget", f"{plural(len(rest), 'wish', 'wishes')} deferred: {reason} ({usage})",
              level="warning")
    if late:
        ctx.event("aging_out", f"{plural(len(late), 'belated wish', 'belated wishes')} will age "
                  f"out before the quota reaches them: {', '.join(late)}", level="warning")
