"""The invitations bot: answer received invitations by rules, withdraw stale sent ones.

Received (``/mynetwork/invitation-manager/received/``): LinkedIn renders about ten cards per
load, so the bot reloads the page rather than scrolling, until a load brings no new card.
Each card is decided by :mod:`invitation_rules`; accepts and ignores count against
``bots.invitations.max_per_run`` and their budgets (``accept``, ``ignore``). The "Take care when
connecting" dialog that can follow an Accept is confirmed.

Sent (``/mynetwork/invitation-manager/sent/``): invitations at least
``withdraw.older_than_days`` old are withdrawn, oldest first, up to ``withdraw.max_per_run``
(budget ``withdraw``), each through its confirmation dialog.

Every decision is a row of ``invitations`` with the rule that made it: an action is written as
``intent`` before the click and ``done``/``failed`` after; skips as ``skipped``; dry-runs as
``dry_run`` (nothing final is clicked). A limit popup or an error toast after a click is a
warning sign: the session's warning check pauses every bot and the run stops.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from linkedin_auto.bots.invitation_rules import (
    Blacklist,
    Decision,
    ReceivedCard,
    SentCard,
    decide_received,
    decide_sent,
)
from linkedin_auto.bots.invitation_store import finish_decision, record_decision, stale_intents
from linkedin_auto.bots.invitation_text import mentions_follows_you, parse_age_days, parse_mutual
from linkedin_auto.bots.page_read import (
    RawCard,
    clean_name,
    descriptive_lines,
    read_cards,
    wait_for_list,
)
from linkedin_auto.bots.plan import save_last_list
from linkedin_auto.bots.run_options import InvitationsOptions, parse_options
from linkedin_auto.bots.visit_store import blacklisted_slugs, profile_url, upsert_contact
from linkedin_auto.queue.registry import register
from linkedin_auto.runs.context import RunContext

if TYPE_CHECKING:
    from playwright.sync_api import Locator

    from linkedin_auto.bots.common import BotSession

RECEIVED_PATH = "/mynetwork/invitation-manager/received/"
SENT_PATH = "/mynetwork/invitation-manager/sent/"
MAX_RELOADS = 30  # 30 loads of ~10 cards: far beyond any per-run cap
PAGE_SIZE = 10  # cards LinkedIn renders per load (received) or per page (sent)
ACTION_TIMEOUT_S = 10.0

_ACCEPT_LABEL = re.compile(r"^Accept (.+?)[’']s invitation", re.I)
_IGNORE_LABEL = re.compile(r"^Ignore an invitation to connect from (.+)$", re.I)
_WITHDRAW_LABEL = re.compile(r"^Withdraw (?:invitation (?:sent )?to )?(.+?)$", re.I)
_AGE_LINE = re.compile(
    r"\b(ago|today|yesterday|il y a|aujourd|hier|sent|envoy)", re.I
)
_FOLLOWS_LINE = re.compile(r"follows you|vous suit|is following you", re.I)
_INVITE_LINE = re.compile(r"invited you|wants to connect|vous a invité|souhaite", re.I)


@dataclass(frozen=True)
class ReceivedItem:
    card: ReceivedCard
    raw: RawCard


@dataclass(frozen=True)
class SentItem:
    card: SentCard
    raw: RawCard


def _name_from_labels(raw: RawCard, *patterns: re.Pattern[str]) -> str:
    for label in raw.labels:
        for p in patterns:
            m = p.match(label.strip())
            if m:
                return " ".join(m.group(1).split())
    return ""


def received_item(raw: RawCard) -> ReceivedItem:
    name = _name_from_labels(raw, _ACCEPT_LABEL, _IGNORE_LABEL) or clean_name(raw.link_text)
    lines = descriptive_lines(raw, name, skip=(_AGE_LINE, _FOLLOWS_LINE, _INVITE_LINE))
    card = ReceivedCard(
        name=name, slug=raw.slug, headline=lines[0] if lines else "",
        mutual=parse_mutual("\n".join(raw.lines)),
        follows_you=mentions_follows_you(raw.text),
    )
    return ReceivedItem(card, raw)


def sent_item(raw: RawCard) -> SentItem:
    name = clean_name(raw.link_text) or _name_from_labels(raw, _WITHDRAW_LABEL)
    age = None
    for line in raw.lines:
        if _AGE_LINE.search(line):
            age = parse_age_days(line)
            if age is not None:
                break
    return SentItem(SentCard(name=name, slug=raw.slug, age_days=age), raw)


def _find_in(s: BotSession, scope: Locator, element: str, **variables: str) -> Locator | None:
    """The first fallback of ``element`` that matches inside ``scope``, with ``{name}`` filled.

    (``Selectors.resolve`` takes the element as ``name``, so ``{name}`` is filled here.)
    """
    for fb in s.selectors.fallbacks(element):
        loc = fb.locator(scope, variables)
        if loc.count() > 0:
            return loc
    return None


def _key(slug: str, name: str) -> str:
    return slug or f"name:{name.lower()}"


class InvitationsRun:
    def __init__(self, ctx: RunContext, s: BotSession):
        self.ctx = ctx
        self.s = s
        self.cfg = ctx.settings.bots.invitations
        self.base = ctx.settings.linkedin.base_url
        self.blacklist = Blacklist([*self.cfg.blacklist, *blacklisted_slugs(ctx.db)])
        self.options = parse_options(InvitationsOptions, ctx.options)
        self.max_per_run = self.options.max_per_run or self.cfg.max_per_run
        self.max_withdraw = self.options.withdraw_max_per_run or self.cfg.withdraw.max_per_run
        self.received_actions = 0
        self.withdrawals = 0
        self.entries: list[dict[str, Any]] = []  # the plan preview's list
        self.stale = stale_intents(ctx.db, ctx.run_id)

    def _reconcile_seen(self, direction: str, slugs: list[str]) -> None:
        """An earlier run's intent whose invitation is still pending did not take effect."""
        for slug in slugs:
            row = self.stale.pop((direction, slug), None)
            if row is not None:
                finish_decision(self.ctx.db, row, "failed")
                self.ctx.event("reconciled", f"{slug}: an earlier action was interrupted and"
                               " did not take effect (still pending)", slug=slug, row=row)

    def _settle(self, direction: str) -> None:
        """The whole list was seen: earlier intents whose invitation is gone took effect."""
        for (d, slug), row in list(self.stale.items()):
            if d == direction:
                del self.stale[(d, slug)]
                finish_decision(self.ctx.db, row, "done")
                self.ctx.event("reconciled", f"{slug}: an earlier interrupted action had taken"
                               " effect (no longer listed)", slug=slug, row=row)

    def _entry(self, direction: str, name: str, slug: str, decision: Decision) -> None:
        self.entries.append({"name": name, "slug": slug, "direction": direction,
                             "decision": decision.action, "rule": decision.rule,
                             "reason": decision.reason})

    # -- received -------------------------------------------------------------------------

    def read_received(self) -> list[ReceivedItem]:
        cards = wait_for_list(self.s, "invitation_card", "invitations_empty")
        return [] if cards is None else [received_item(r) for r in read_cards(cards)]

    def received(self) -> None:
        ctx = self.ctx
        url = self.base + RECEIVED_PATH
        decided: set[str] = set()
        for load in range(MAX_RELOADS):
            ctx.check_cancelled()
            self.s.goto(url)
            shown = self.read_received()
            self._reconcile_seen("received", [i.card.slug for i in shown])
            items = [i for i in shown if _key(i.card.slug, i.card.name) not in decided]
            ctx.event("received_page", f"load {load + 1}: {len(items)} new invitation(s)",
                      new=len(items))
            if not items:
                if len(shown) < PAGE_SIZE:
                    self._settle("received")
                return
            acted = 0
            for item in items:
                decided.add(_key(item.card.slug, item.card.name))
                decision = decide_received(item.card, self.cfg, self.blacklist)
                if not decision.acts:
                    self._skip("received", item.card.name, item.card.slug, decision,
                               headline=item.card.headline, mutual=item.card.mutual)
                    continue
                ctx.check_cancelled()
                if self.received_actions >= self.max_per_run:
                    ctx.event("cap", f"per-run cap of {self.max_per_run} reached", level="info")
                    return
                if not self._act_received(item, decision):
                    return
                acted += 1
            if acted == 0 or ctx.dry_run:
                if len(shown) < PAGE_SIZE:
                    self._settle("received")
                return  # a reload would show the same cards

    def _act_received(self, item: ReceivedItem, decision: Decision) -> bool:
        """Accept or ignore one card; False when the run must stop acting (budget)."""
        ctx, s, card = self.ctx, self.s, item.card
        action = decision.action
        allowed = s.budget.allow(action)
        if not allowed.ok:
            ctx.event("budget", f"stopping {action}s: {allowed.reason}", level="warning",
                      budget=allowed.usage_str)
            ctx.count("budget_stops")
            return False
        contact_id = self._contact(card.slug, card.name, card.headline)
        row = record_decision(
            ctx.db, ctx.clock.now(), direction="received", contact_id=contact_id,
            name=card.name, headline=card.headline, mutual=card.mutual, decision=action,
            rule=decision.rule, state="dry_run" if ctx.dry_run else "intent",
            dry_run=ctx.dry_run, run_id=ctx.run_id,
        )
        if not ctx.dry_run:
            s.delay()
            try:
                self._click_received(item, action)
            except BaseException:
                finish_decision(ctx.db, row, "failed")
                raise
            finish_decision(ctx.db, row, "done")
        self.received_actions += 1
        self._audit(action, card.name, card.slug, decision, allowed.usage_str)
        self._entry("received", card.name, card.slug, decision)
        verb = {"accept": "accepted", "ignore": "ignored"}[action]
        ctx.count(f"would_{action}" if ctx.dry_run else verb)
        ctx.event(action, f"{'would ' + action if ctx.dry_run else verb} {card.name}"
                  f" ({decision.rule}: {decision.reason})", slug=card.slug, rule=decision.rule)
        return True

    def _card_locator(self, list_name: str, slug: str, name: str) -> Locator:
        s = self.s
        cards = s.selectors.resolve(s.page, list_name)
        if cards is None:
            raise ActionFailed(f"{name}: the invitation list is gone")
        if slug:
            return cards.filter(has=s.page.locator(f"a[href*='/in/{slug}']")).first
        return cards.filter(has_text=name).first

    def _click_received(self, item: ReceivedItem, action: str) -> None:
        s, card = self.s, item.card
        target = self._card_locator("invitation_card", card.slug, card.name)
        element = "accept_button" if action == "accept" else "ignore_button"
        button = _find_in(s, target, element, name=card.name)
        if button is None:
            raise ActionFailed(f"{card.name}: no {action} button on the card")
        button.first.click()
        self._await_gone(button, f"{action} {card.name}", handle_take_care=action == "accept")

    # -- sent -------------------------------------------------------------------------------

    def read_sent(self) -> list[SentItem]:
        cards = wait_for_list(self.s, "sent_invitation_card", "invitations_empty")
        return [] if cards is None else [sent_item(r) for r in read_cards(cards)]

    def sent(self) -> None:
        """Walk the sent list page by page; after withdrawals reload the same page, since
        the next invitations move up into it."""
        ctx = self.ctx
        if not self.cfg.withdraw.enabled:
            return
        decided: set[str] = set()
        page_no = 1
        for _load in range(MAX_RELOADS):
            ctx.check_cancelled()
            self.s.goto(self.base + SENT_PATH + (f"?page={page_no}" if page_no > 1 else ""))
            shown = self.read_sent()
            self._reconcile_seen("sent", [i.card.slug for i in shown])
            items = [i for i in shown if _key(i.card.slug, i.card.name) not in decided]
            more = self._has_next_page()
            ctx.event("sent_page", f"page {page_no}: {len(items)} new sent invitation(s)",
                      page=page_no, new=len(items))
            # Oldest first: the cap should go to the stalest invitations.
            items.sort(key=lambda i: -(i.card.age_days if i.card.age_days is not None else -1))
            acted = 0
            for item in items:
                decided.add(_key(item.card.slug, item.card.name))
                decision = decide_sent(item.card, self.cfg)
                if not decision.acts:
                    self._skip("sent", item.card.name, item.card.slug, decision,
                               age_days=item.card.age_days)
                    continue
                ctx.check_cancelled()
                if self.withdrawals >= self.max_withdraw:
                    ctx.event("cap", f"withdrawal cap of {self.max_withdraw} reached")
                    return
                if not self._withdraw(item, decision):
                    return
                acted += 1
            if acted and not ctx.dry_run:
                continue  # same page again: later invitations moved up into it
            if not more:
                self._settle("sent")
                return
            page_no += 1

    def _has_next_page(self) -> bool:
        nxt = self.s.selectors.resolve(self.s.page, "pagination_next")
        return nxt is not None and nxt.first.is_enabled()

    def _withdraw(self, item: SentItem, decision: Decision) -> bool:
        ctx, s, card = self.ctx, self.s, item.card
        allowed = s.budget.allow("withdraw")
        if not allowed.ok:
            ctx.event("budget", f"stopping withdrawals: {allowed.reason}", level="warning",
                      budget=allowed.usage_str)
            ctx.count("budget_stops")
            return False
        contact_id = self._contact(card.slug, card.name, "")
        row = record_decision(
            ctx.db, ctx.clock.now(), direction="sent", contact_id=contact_id, name=card.name,
            age_days=card.age_days, decision="withdraw", rule=decision.rule,
            state="dry_run" if ctx.dry_run else "intent", dry_run=ctx.dry_run,
            run_id=ctx.run_id,
        )
        if not ctx.dry_run:
            s.delay()
            try:
                self._click_withdraw(item)
            except BaseException:
                finish_decision(ctx.db, row, "failed")
                raise
            finish_decision(ctx.db, row, "done")
        self.withdrawals += 1
        self._audit("withdraw", card.name, card.slug, decision, allowed.usage_str)
        self._entry("sent", card.name, card.slug, decision)
        ctx.count("would_withdraw" if ctx.dry_run else "withdrawn")
        ctx.event("withdraw", f"{'would withdraw' if ctx.dry_run else 'withdrew'} the"
                  f" invitation to {card.name} ({decision.reason})", slug=card.slug,
                  rule=decision.rule)
        return True

    def _click_withdraw(self, item: SentItem) -> None:
        s, card = self.s, item.card
        target = self._card_locator("sent_invitation_card", card.slug, card.name)
        button = _find_in(s, target, "withdraw_button", name=card.name)
        if button is None:
            raise ActionFailed(f"{card.name}: no Withdraw button on the card")
        button.first.click()
        confirm = s.selectors.wait(s.page, "confirm_dialog_primary", timeout_s=ACTION_TIMEOUT_S)
        if confirm is None:
            s.warning_check()
            raise ActionFailed(f"{card.name}: the withdraw confirmation did not appear")
        confirm.first.click()
        self._await_gone(button, f"withdraw {card.name}")

    # -- shared -------------------------------------------------------------------------------

    def _await_gone(self, button: Locator, what: str, *, handle_take_care: bool = False) -> None:
        """Wait until the clicked button is gone (its card removed from the list or turned
        into "now connected"), confirming "Take care" on the way.

        A warning sign (limit popup, error toast) makes ``warning_check`` pause and stop.
        """
        s = self.s
        deadline = time.monotonic() + ACTION_TIMEOUT_S
        confirmed = False
        while True:
            s.warning_check()
            if handle_take_care and not confirmed:
                dialog = s.selectors.resolve(s.page, "take_care_dialog")
                if dialog is not None and dialog.first.is_visible():
                    confirm = s.selectors.resolve(dialog.first, "take_care_confirm")
                    if confirm is None:
                        raise ActionFailed(f"{what}: no button to confirm 'Take care'")
                    self.ctx.event("take_care", f"{what}: confirmed 'Take care when connecting'")
                    confirm.first.click()
                    confirmed = True
            if button.count() == 0:
                return
            if time.monotonic() >= deadline:
                raise ActionFailed(f"{what}: the card was still there after the click")
            time.sleep(0.1)

    def _skip(self, direction: str, name: str, slug: str, decision: Decision, *,
              headline: str = "", mutual: int | None = None, age_days: int | None = None) -> None:
        ctx = self.ctx
        contact_id = self._contact(slug, name, headline) if slug else None
        record_decision(
            ctx.db, ctx.clock.now(), direction="received" if direction == "received" else "sent",
            contact_id=contact_id, name=name, headline=headline, mutual=mutual,
            age_days=age_days, decision="skip", rule=decision.rule, state="skipped",
            dry_run=ctx.dry_run, run_id=ctx.run_id,
        )
        self._entry(direction, name, slug, decision)
        ctx.count(f"skipped_{decision.rule.replace('.', '_')}")
        ctx.event("skip", f"{name}: {decision.rule} ({decision.reason})", level="debug",
                  slug=slug, rule=decision.rule)

    def _contact(self, slug: str, name: str, headline: str) -> int | None:
        if not slug:
            return None
        return upsert_contact(self.ctx.db, self.ctx.clock.now(), base_url=self.base, slug=slug,
                              name=name, headline=headline)

    def _audit(self, action: str, name: str, slug: str, decision: Decision, budget: str) -> None:
        self.s.audit(action, target_name=name,
                     target_url=profile_url(self.base, slug) if slug else "",
                     rule=f"{decision.rule}: {decision.reason}", budget=budget,
                     outcome="dry_run" if self.ctx.dry_run else "done")


class ActionFailed(RuntimeError):
    """A click did not have its effect (and no warning sign explained why)."""


def invitations_body(ctx: RunContext, s: BotSession) -> None:
    run = InvitationsRun(ctx, s)
    try:
        if run.options.received:
            run.received()
        if run.options.sent:
            run.sent()
    finally:
        save_last_list(ctx.db, ctx.clock, "invitations", ctx.run_id, ctx.dry_run, run.entries)
    ctx.event("done", f"{run.received_actions} received invitation(s) answered,"
              f" {run.withdrawals} withdrawn" + (" (dry-run)" if ctx.dry_run else ""))


@register("invitations", "Accept or ignore received invitations by rules; withdraw stale sent"
          " ones", is_bot=True)
def run_invitations(ctx: RunContext) -> None:
    from linkedin_auto.bots.common import run_bot

    cfg = ctx.settings.bots.invitations
    opts = parse_options(InvitationsOptions, ctx.options)  # bad options fail before launch
    caps = {"withdraw": opts.withdraw_max_per_run or cfg.withdraw.max_per_run}
    run_bot(ctx, lambda s: invitations_body(ctx, s), run_caps=caps)
