"""One invitations run: answer received invitations by rules, withdraw stale sent ones.

Received (``/mynetwork/invitation-manager/received/``): LinkedIn renders about ten cards per
load, so the bot reloads the page rather than scrolling, until a load brings no new card.
Sent (``/mynetwork/invitation-manager/sent/``): oldest first, page by page, each withdrawal
through its confirmation dialog.

Every click counts: an accept, ignore or withdrawal takes its budget (run cap and quotas) the
moment its first click happens. It is audited ``done`` when its card left the list and
``unverified`` when that was not seen (including when a warning sign stopped the run right
after the click); an unverified action is never repeated automatically on that person. The
human delay follows every action, seen or not. A limit popup or an error toast after a click
is a warning sign: every bot pauses and the run stops (``SafetyStop``).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from linkedin_auto.bots.common import Outcome
from linkedin_auto.bots.contacts import Blacklist, blacklisted_slugs, profile_url, upsert_contact
from linkedin_auto.bots.invitations.page import (
    ReceivedItem,
    SentItem,
    card_locator,
    find_in,
    has_next_page,
    read_received,
    read_sent,
)
from linkedin_auto.bots.invitations.rules import Decision, decide_received, decide_sent
from linkedin_auto.bots.invitations.store import (
    InvitationState,
    finish_decision,
    record_decision,
    stale_intents,
    unverified_keys,
)
from linkedin_auto.bots.plan import save_last_list
from linkedin_auto.bots.run_options import InvitationsOptions, parse_options
from linkedin_auto.runs.context import RunContext
from linkedin_auto.text import plural

if TYPE_CHECKING:
    from playwright.sync_api import Locator

    from linkedin_auto.bots.common import BotSession

RECEIVED_PATH = "/mynetwork/invitation-manager/received/"
SENT_PATH = "/mynetwork/invitation-manager/sent/"
MAX_RELOADS = 30  # 30 loads of ~10 cards: far beyond any per-run cap
PAGE_SIZE = 10  # cards LinkedIn renders per load (received) or per page (sent)
ACTION_TIMEOUT_S = 10.0  # how long a card may take to leave the list after its click

EARLIER_UNVERIFIED = Decision(
    "skip", "earlier_unverified",
    "an earlier action on this invitation was not confirmed: check it on LinkedIn"
    " (never repeated automatically)")
_STATE = {Outcome.done: InvitationState.done, Outcome.unverified: InvitationState.unverified}


class ActionFailed(RuntimeError):
    """A click did not have its effect (and no warning sign explained why)."""


class NotClicked(ActionFailed):
    """The action's button was not found: nothing was clicked (safe to try again later)."""


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
        self.unverified = unverified_keys(ctx.db)

    def _reconcile_seen(self, direction: str, slugs: list[str]) -> None:
        """An earlier run's intent whose invitation is still pending did not take effect."""
        for slug in slugs:
            row = self.stale.pop((direction, slug), None)
            if row is not None:
                finish_decision(self.ctx.db, row, InvitationState.failed)
                self.ctx.count("reconciled")
                self.ctx.event("reconciled", f"{slug}: an earlier action was interrupted and"
                               " did not take effect (still pending)", slug=slug, row=row)

    def _settle(self, direction: str) -> None:
        """The whole list was seen: earlier intents whose invitation is gone took effect."""
        for (d, slug), row in list(self.stale.items()):
            if d == direction:
                del self.stale[(d, slug)]
                finish_decision(self.ctx.db, row, InvitationState.done)
                self.ctx.count("reconciled")
                self.ctx.event("reconciled", f"{slug}: an earlier interrupted action had taken"
                               " effect (no longer listed)", slug=slug, row=row)

    def _entry(self, direction: str, name: str, slug: str, decision: Decision) -> None:
        self.entries.append({"name": name, "slug": slug, "direction": direction,
                             "decision": decision.action, "rule": decision.rule,
                             "reason": decision.reason})

    def _defer(self, remaining: int) -> None:
        """Work the cap or a quota leaves for a later run (the run ends ``partial``)."""
        if remaining > 0:
            self.ctx.count("deferred", remaining)

    # -- received -------------------------------------------------------------------------

    def received(self) -> None:
        ctx = self.ctx
        url = self.base + RECEIVED_PATH
        decided: set[str] = set()
        for load in range(MAX_RELOADS):
            ctx.check_cancelled()
            self.s.goto(url, "received invitations")
            shown = read_received(self.s)
            self._reconcile_seen("received", [i.card.slug for i in shown])
            items = [i for i in shown if _key(i.card.slug, i.card.name) not in decided]
            ctx.event("received_page", f"load {load + 1}: {plural(len(items), 'new invitation')}",
                      new=len(items))
            if not items:
                if len(shown) < PAGE_SIZE:
                    self._settle("received")
                return
            acted = 0
            plans = [(i, self._decide_received(i)) for i in items]
            ctx.plan(min(sum(d.acts for _, d in plans),
                         max(0, self.max_per_run - self.received_actions)),
                     "invitations", add=True)
            for n, (item, decision) in enumerate(plans):
                decided.add(_key(item.card.slug, item.card.name))
                if not decision.acts:
                    self._skip("received", item.card.name, item.card.slug, decision,
                               headline=item.card.headline, mutual=item.card.mutual)
                    continue
                ctx.check_cancelled()
                if self.received_actions >= self.max_per_run:
                    ctx.event("cap", f"per-run cap of {self.max_per_run} reached", level="info")
                    self._defer(sum(d.acts for _, d in plans[n:]))
                    return
                if not self._act_received(item, decision):
                    self._defer(sum(d.acts for _, d in plans[n:]))
                    return
                acted += 1
            if acted == 0 or ctx.dry_run:
                if len(shown) < PAGE_SIZE:
                    self._settle("received")
                return  # a reload would show the same cards

    def _decide_received(self, item: ReceivedItem) -> Decision:
        if ("received", item.card.slug) in self.unverified:
            return EARLIER_UNVERIFIED
        return decide_received(item.card, self.cfg, self.blacklist)

    def _act_received(self, item: ReceivedItem, decision: Decision) -> bool:
        """Accept or ignore one card; False when the run must stop acting (budget)."""
        ctx, card = self.ctx, item.card
        action = decision.action
        allowed = self.s.budget.allow(action)
        if not allowed.ok:
            ctx.event("budget", f"stopping {action}s: {allowed.reason}", level="warning",
                      budget=allowed.usage_str)
            ctx.count("budget_stops")
            return False
        verb = {"accept": "accepted", "ignore": "ignored"}[action]
        outcome = self._perform(
            "received", action, card.name, card.slug, decision, allowed.usage_str,
            lambda: self._press_received(item, action),
            lambda button: self._await_gone(button, f"{action} {card.name}",
                                            handle_take_care=action == "accept"),
            headline=card.headline, mutual=card.mutual,
        )
        self.received_actions += 1
        ctx.count({Outcome.dry_run: f"would_{action}", Outcome.done: verb}.get(
            outcome, "unverified"))
        ctx.event(action, f"{_describe(outcome, action, verb)} {card.name}"
                  f" ({decision.rule}: {decision.reason})", slug=card.slug, rule=decision.rule,
                  outcome=str(outcome))
        return True

    def _press_received(self, item: ReceivedItem, action: str) -> Locator:
        card = item.card
        target = card_locator(self.s, "invitation_card", card.slug, card.name)
        if target is None:
            raise NotClicked(f"{card.name}: the invitation list is gone")
        element = "accept_button" if action == "accept" else "ignore_button"
        button = find_in(self.s, target, element, name=card.name)
        if button is None:
            raise NotClicked(f"{card.name}: no {action} button on the card")
        button.first.click()
        return button

    # -- sent -------------------------------------------------------------------------------

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
            self.s.goto(self.base + SENT_PATH + (f"?page={page_no}" if page_no > 1 else ""),
                        f"sent invitations, page {page_no}")
            shown = read_sent(self.s)
            self._reconcile_seen("sent", [i.card.slug for i in shown])
            items = [i for i in shown if _key(i.card.slug, i.card.name) not in decided]
            more = has_next_page(self.s)
            ctx.event("sent_page", f"page {page_no}: {plural(len(items), 'new sent invitation')}",
                      page=page_no, new=len(items))
            # Oldest first: the cap should go to the stalest invitations.
            items.sort(key=lambda i: -(i.card.age_days if i.card.age_days is not None else -1))
            plans = [(i, self._decide_sent(i)) for i in items]
            ctx.plan(min(sum(d.acts for _, d in plans),
                         max(0, self.max_withdraw - self.withdrawals)),
                     "invitations", add=True)
            acted = 0
            for n, (item, decision) in enumerate(plans):
                decided.add(_key(item.card.slug, item.card.name))
                if not decision.acts:
                    self._skip("sent", item.card.name, item.card.slug, decision,
                               age_days=item.card.age_days)
                    continue
                ctx.check_cancelled()
                if self.withdrawals >= self.max_withdraw:
                    ctx.event("cap", f"withdrawal cap of {self.max_withdraw} reached")
                    self._defer(sum(d.acts for _, d in plans[n:]))
                    return
                if not self._withdraw(item, decision):
                    self._defer(sum(d.acts for _, d in plans[n:]))
                    return
                acted += 1
            if acted and not ctx.dry_run:
                continue  # same page again: later invitations moved up into it
            if not more:
                self._settle("sent")
                return
            page_no += 1

    def _decide_sent(self, item: SentItem) -> Decision:
        if ("sent", item.card.slug) in self.unverified:
            return EARLIER_UNVERIFIED
        return decide_sent(item.card, self.cfg)

    def _withdraw(self, item: SentItem, decision: Decision) -> bool:
        ctx, card = self.ctx, item.card
        allowed = self.s.budget.allow("withdraw")
        if not allowed.ok:
            ctx.event("budget", f"stopping withdrawals: {allowed.reason}", level="warning",
                      budget=allowed.usage_str)
            ctx.count("budget_stops")
            return False
        outcome = self._perform(
            "sent", "withdraw", card.name, card.slug, decision, allowed.usage_str,
            lambda: self._press_withdraw(item),
            lambda button: self._confirm_withdraw(button, card.name),
            age_days=card.age_days,
        )
        self.withdrawals += 1
        ctx.count({Outcome.dry_run: "would_withdraw", Outcome.done: "withdrawn"}.get(
            outcome, "unverified"))
        ctx.event("withdraw", f"{_describe(outcome, 'withdraw', 'withdrew')} the invitation to"
                  f" {card.name} ({decision.reason})", slug=card.slug, rule=decision.rule,
                  outcome=str(outcome))
        return True

    def _press_withdraw(self, item: SentItem) -> Locator:
        card = item.card
        target = card_locator(self.s, "sent_invitation_card", card.slug, card.name)
        if target is None:
            raise NotClicked(f"{card.name}: the invitation list is gone")
        button = find_in(self.s, target, "withdraw_button", name=card.name)
        if button is None:
            raise NotClicked(f"{card.name}: no Withdraw button on the card")
        button.first.click()
        return button

    def _confirm_withdraw(self, button: Locator, name: str) -> None:
        s = self.s
        confirm = s.selectors.wait(s.page, "confirm_dialog_primary", timeout_s=ACTION_TIMEOUT_S)
        if confirm is None:
            s.warning_check()
            raise ActionFailed(f"{name}: the withdraw confirmation did not appear")
        confirm.first.click()
        self._await_gone(button, f"withdraw {name}")

    # -- shared -------------------------------------------------------------------------------

    def _perform(
        self, direction: str, action: str, name: str, slug: str, decision: Decision,
        budget: str, press: Any, confirm: Any, *, headline: str = "",
        mutual: int | None = None, age_days: int | None = None,
    ) -> Outcome:
        """Record the intent, press (``press`` returns after the first click), confirm, then
        record and audit what is known, whatever happens; the human delay follows."""
        ctx = self.ctx
        row = record_decision(
            ctx.db, ctx.clock.now(), direction="received" if direction == "received" else "sent",
            contact_id=self._contact(slug, name, headline), name=name, headline=headline,
            mutual=mutual, age_days=age_days, decision=action, rule=decision.rule,
            state=InvitationState.dry_run if ctx.dry_run else InvitationState.intent,
            dry_run=ctx.dry_run, run_id=ctx.run_id,
        )
        if ctx.dry_run:
            self._audit(action, name, slug, decision, budget, Outcome.dry_run)
            self._entry(direction, name, slug, decision)
            ctx.item_done()
            return Outcome.dry_run
        try:
            button = press()
        except BaseException:
            finish_decision(ctx.db, row, InvitationState.failed)  # provably never clicked
            raise
        outcome = Outcome.unverified  # from the click on, it counts
        try:
            confirm(button)
            outcome = Outcome.done
        except ActionFailed as exc:
            ctx.event("unverified", f"{exc}: counted, never repeated automatically",
                      level="warning", slug=slug)
        finally:
            finish_decision(ctx.db, row, _STATE[outcome])
            self._audit(action, name, slug, decision, budget, outcome)
            self._entry(direction, name, slug, decision)
            if outcome is Outcome.unverified:
                self.unverified.add((direction, slug))
        ctx.item_done()
        self.s.delay()
        return outcome

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
            age_days=age_days, decision="skip", rule=decision.rule,
            state=InvitationState.skipped, dry_run=ctx.dry_run, run_id=ctx.run_id,
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

    def _audit(self, action: str, name: str, slug: str, decision: Decision, budget: str,
               outcome: Outcome) -> None:
        self.s.audit(action, target_name=name,
                     target_url=profile_url(self.base, slug) if slug else "",
                     rule=f"{decision.rule}: {decision.reason}", budget=budget,
                     outcome=outcome)


def _describe(outcome: Outcome, action: str, verb: str) -> str:
    if outcome is Outcome.dry_run:
        return f"would {action}"
    if outcome is Outcome.unverified:
        return f"clicked {action} (not confirmed) for"
    return verb


def invitations_body(ctx: RunContext, s: BotSession) -> None:
    run = InvitationsRun(ctx, s)
    try:
        if run.options.received:
            run.received()
        if run.options.sent:
            run.sent()
    finally:
        save_last_list(ctx.db, ctx.clock, "invitations", ctx.run_id, ctx.dry_run, run.entries)
    ctx.event("done", f"{plural(run.received_actions, 'received invitation')} answered,"
              f" {run.withdrawals} withdrawn" + (" (dry-run)" if ctx.dry_run else ""))
