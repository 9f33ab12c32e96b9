"""One wish, in three steps: open the right overlay, type and verify, send and confirm.

Fail safe: the ledger's ``clicked_at`` and an ``unverified`` audit row are written in one
transaction just before the Send click, so from the click on the wish counts against every
quota and is never repeated automatically, whatever happens next (no echo, a warning sign,
a crash). Only positive evidence (our text in the conversation) makes it ``sent``.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import TYPE_CHECKING

from linkedin_auto.bots import ledger
from linkedin_auto.bots.birthday.model import Decision, Entry, Outcome, PageChanged
from linkedin_auto.bots.birthday.page import (
    card_for,
    clear_box,
    close_overlays,
    find_overlay,
    header_names,
    history_text,
    overlay_header,
    overlays,
    sent_status,
    text_elsewhere,
    textbox_text,
)
from linkedin_auto.bots.birthday_dates import normalise
from linkedin_auto.bots.common import BotSession, set_audit_outcome
from linkedin_auto.bots.templates import TemplateError, choose, render

if TYPE_CHECKING:
    from playwright.sync_api import Locator

# How long to wait for our text to show after Send. Kept short: when the overlay does not echo
# messages, nothing will come, and the wish is unverified either way.
SENT_WAIT_S = 2.5


def abort(bs: BotSession, entry: Entry, reason: str) -> None:
    """Nothing was clicked: the wish is skipped for this run (a later run may try again)."""
    entry.outcome, entry.decision, entry.reason = Outcome.aborted, Decision.skip, reason
    bs.ctx.event("aborted", f"{entry.name}: {reason}", level="warning", slug=entry.slug)
    bs.ctx.count("aborted")
    bs.audit("message", entry.name, entry.profile_url, rule=entry.rule, outcome="aborted")
    bs.screenshot(f"aborted-{entry.slug}")
    close_overlays(bs)


def pick_text(bs: BotSession, entry: Entry) -> bool:
    cfg = bs.settings.bots.birthday
    assert entry.contact_id is not None
    since = bs.ctx.clock.now() - timedelta(days=365 * cfg.template_repeat_years)
    used = ledger.templates_used_since(bs.ctx.db, entry.contact_id, since) \
        if cfg.template_repeat_years else {}
    try:
        entry.template = choose(entry.templates, used)
        entry.text = render(entry.template, entry.name, entry.days_late or 0)
    except TemplateError as exc:
        entry.decision, entry.reason, entry.outcome = Decision.skip, str(exc), Outcome.failed
        bs.ctx.event("template", f"{entry.name}: {exc}", level="error")
        return False
    return True


def open_overlay(bs: BotSession, entry: Entry) -> Locator | None:
    """Click the card's Message button; the overlay whose header names this person."""
    close_overlays(bs)
    card = card_for(bs, entry.slug)
    button = (bs.selectors.resolve(card, "birthday_message_button", name=entry.name)
              if card else None)
    if button is None:
        bs.screenshot(f"no-button-{entry.slug}")
        raise PageChanged(f"Message button for {entry.name} not found (selector "
                          "'birthday_message_button')")
    button.first.click()
    overlay = find_overlay(bs, entry.name)
    if overlay is None:
        abort(bs, entry, "no conversation overlay names this person: nothing typed")
        return None
    bs.warning_check()
    return overlay


def type_and_verify(bs: BotSession, entry: Entry, overlay: Locator) -> Locator | None:
    """Type the text; the box, if the right header and our box (only) hold it."""
    sel = bs.selectors
    box = sel.resolve(overlay, "overlay_textbox")
    if box is None:
        bs.screenshot(f"no-textbox-{entry.slug}")
        raise PageChanged("message box not found in the overlay (selector 'overlay_textbox')")
    clear_box(bs, box.first)  # LinkedIn pre-fills a suggestion
    bs.type_text(box.first, entry.text)
    if not header_names(overlay_header(bs, overlay), entry.name):
        clear_box(bs, box.first)
        abort(bs, entry, "the overlay changed recipient while typing: nothing sent")
        return None
    if textbox_text(box.first) != normalise(entry.text) or text_elsewhere(bs, overlay,
                                                                         entry.text):
        clear_box(bs, box.first)
        for ov in overlays(bs):  # remove our text wherever it landed
            other = sel.resolve(ov, "overlay_textbox")
            if other is not None and normalise(entry.text) in textbox_text(other.first):
                clear_box(bs, other.first)
        abort(bs, entry, "the typed text did not land in this person's message box")
        return None
    return box.first


def dry_run(bs: BotSession, entry: Entry, box: Locator, usage: str) -> None:
    ctx = bs.ctx
    assert entry.contact_id is not None
    clear_box(bs, box)
    ledger.record_dry_run(ctx.db, ctx.clock, contact_id=entry.contact_id,
                          occasion=entry.occasion, kind=entry.kind, template=entry.template,
                          text=entry.text, run_id=ctx.run_id)
    bs.audit("message", entry.name, entry.profile_url, rule=entry.rule, budget=usage,
             outcome="dry_run")
    entry.outcome = Outcome.dry_run
    ctx.count("dry_run")
    ctx.event("dry_run", f"would wish {entry.name}: {entry.text}", slug=entry.slug)
    close_overlays(bs)


def click_send(send: Locator) -> None:
    """The irreversible click (a seam of its own so tests can stop the process around it)."""
    send.click()


def send_and_confirm(bs: BotSession, entry: Entry, overlay: Locator, box: Locator,
                     usage: str) -> None:
    ctx, db, clock = bs.ctx, bs.ctx.db, bs.ctx.clock
    assert entry.contact_id is not None
    send = bs.selectors.resolve(overlay, "overlay_send")
    if send is None:
        bs.screenshot(f"no-send-{entry.slug}")
        raise PageChanged("Send button not found in the overlay (selector 'overlay_send')")
    try:
        message_id = ledger.record_intent(
            db, clock, contact_id=entry.contact_id, occasion=entry.occasion, kind=entry.kind,
            template=entry.template, text=entry.text, run_id=ctx.run_id)
    except ledger.AlreadyRecorded:
        clear_box(bs, box)
        entry.decision, entry.reason = Decision.skip, "already wished (recorded by another run)"
        close_overlays(bs)
        return
    # From here on the wish counts: clicked_at and the audit row are durable before the click.
    with db.transaction():
        ledger.mark_clicked(db, clock, message_id)
        audit_id = bs.audit("message", entry.name, entry.profile_url, rule=entry.rule,
                            budget=usage, dry_run=False, outcome="unverified")
    entry.outcome = Outcome.unverified
    try:
        click_send(send.first)
        delivered = wait_delivered(bs, overlay, box, entry.text)
    except BaseException:
        _unverified(bs, entry, message_id, "the run stopped right after the Send click")
        raise
    if not delivered:
        _unverified(bs, entry, message_id, "the text did not show in the conversation")
        close_overlays(bs)
        return
    with db.transaction():
        ledger.confirm_sent(db, clock, message_id)
        set_audit_outcome(ctx, audit_id, "done")
    entry.outcome = Outcome.sent
    ctx.count("sent")
    ctx.event("sent", f"wished {entry.name} ({entry.kind})", slug=entry.slug)
    close_overlays(bs)


def _unverified(bs: BotSession, entry: Entry, message_id: int, why: str) -> None:
    ctx = bs.ctx
    ledger.mark_unverified(ctx.db, ctx.clock, message_id, why)
    entry.outcome = Outcome.unverified
    ctx.count("unverified")
    ctx.event("unverified", f"{entry.name}: {why}; counted as sent and not sent again "
              "(see wishes to check)", level="warning", slug=entry.slug)


def wait_delivered(bs: BotSession, overlay: Locator, box: Locator, text: str) -> bool:
    """True once our text shows in the conversation. False after SENT_WAIT_S, or as soon as
    the overlay only says "Sent" with an empty box (it will not echo the text). A warning sign
    raises SafetyStop."""
    target = normalise(text)
    deadline = time.monotonic() + SENT_WAIT_S
    while True:
        if target in history_text(overlay):
            return True
        bs.warning_check()
        if sent_status(bs, overlay) and not textbox_text(box):
            return False
        if time.monotonic() >= deadline:
            return False
        bs.page.wait_for_timeout(100)


def wish(bs: BotSession, entry: Entry, usage: str) -> None:
    overlay = open_overlay(bs, entry)
    if overlay is None:
        return
    if not pick_text(bs, entry):
        close_overlays(bs)
        return
    box = type_and_verify(bs, entry, overlay)
    if box is None:
        return
    if bs.ctx.dry_run:
        dry_run(bs, entry, box, usage)
        return
    send_and_confirm(bs, entry, overlay, box, usage)


def clicked(entry: Entry) -> bool:
    """Send was clicked for this wish (confirmed or not): the human delay follows."""
    return entry.outcome in (Outcome.sent, Outcome.unverified)
