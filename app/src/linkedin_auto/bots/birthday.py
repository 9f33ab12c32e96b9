"""The birthday bot (run type ``birthday``): today's wishes and belated ones.

Flow: open the birthday catch-up page, load every lazily rendered card, decide per card (date,
1st degree, blacklist, ledger, switches), then for each person to wish, within the budget:
close stray overlays, click the card's Message button, find the overlay whose header names that
person (never type anywhere else), reconcile an unconfirmed earlier attempt by reading that
conversation, type the rendered template, verify, write the intent, click Send, wait for the
message to show, confirm in the ledger, audit. Dry-run stops before the intent and the click.
"""

from __future__ import annotations

import os
import re
import signal
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from linkedin_auto.bots import ledger
from linkedin_auto.bots.birthday_dates import looks_french, normalise, parse_card
from linkedin_auto.bots.common import BotSession, run_bot
from linkedin_auto.bots.page_read import RawCard, clean_name, read_cards
from linkedin_auto.bots.plan import save_last_list
from linkedin_auto.bots.templates import TemplateError, candidates, choose, render
from linkedin_auto.queue.registry import register
from linkedin_auto.runs.context import RunContext

if TYPE_CHECKING:
    from playwright.sync_api import Locator

BIRTHDAY_PATH = "/mynetwork/catch-up/birthday/"
TESTING_ENV = "LINKEDIN_AUTO_TESTING"
CRASH_ENV = "LINKEDIN_AUTO_TESTING_CRASH_AFTER_SEND"
OVERLAY_WAIT_S = 10.0
SENT_WAIT_S = 10.0
_NOT_FIRST_DEGREE = re.compile(r"^(connect|follow|invite|se connecter|suivre|inviter)\b", re.I)

_HISTORY_JS = """
el => { const c = el.cloneNode(true);
  c.querySelectorAll('[contenteditable], textarea, input').forEach(x => x.remove());
  return c.textContent || ''; }
"""


class PageChanged(RuntimeError):
    """An element the bot needs is not on the page (see ``linkedin-auto selectors check``)."""


@dataclass
class Entry:
    name: str
    slug: str
    profile_url: str
    birthday: date | None
    days_late: int | None
    language: str | None
    decision: str = "skip"  # wish | skip
    reason: str = ""
    contact_id: int | None = None
    pending_id: int | None = None  # an unconfirmed intent from an earlier run
    template: str = ""
    text: str = ""
    outcome: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return "today" if not self.days_late else "belated"

    @property
    def occasion(self) -> str:
        return f"birthday:{self.birthday.isoformat() if self.birthday else 'unknown'}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "slug": self.slug, "profile_url": self.profile_url,
            "birthday": self.birthday.isoformat() if self.birthday else None,
            "days_late": self.days_late, "kind": self.kind if self.birthday else None,
            "language": self.language, "decision": self.decision, "reason": self.reason,
            "text": self.text, "outcome": self.outcome,
        }


@register("birthday", "Birthday wishes: today's and belated", is_bot=True)
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
        bs.goto(BIRTHDAY_PATH)
        cards = load_cards(bs)
        ctx.count("cards", len(cards))
        ctx.event("cards", f"{len(cards)} birthday cards on the page")
        entries = [decide(bs, card, today) for card in cards]
        missing = [e for e in entries if e.extra.get("missing_button")]
        if missing:
            bs.screenshot("missing-message-button")
            raise PageChanged(
                f"no Message button found on {len(missing)} birthday card(s) (selector "
                "'birthday_message_button'): LinkedIn may have changed the page; run "
                "`linkedin-auto selectors check`"
            )
        todo = sorted((e for e in entries if e.decision == "wish"),
                      key=lambda e: (e.days_late or 0, e.name))
        for i, entry in enumerate(todo):
            decision = bs.budget.allow("message")
            if not decision.ok:
                for rest in todo[i:]:
                    rest.decision, rest.reason = "skip", f"budget: {decision.reason}"
                ctx.event("budget", f"stopping: {decision.reason} ({decision.usage_str})",
                          level="warning")
                ctx.count("skipped_budget", len(todo) - i)
                break
            ctx.check_cancelled()
            wish(bs, entry, decision.usage_str)
        on_page = {e.slug for e in entries}
        reconcile_leftovers(bs, on_page)
    finally:
        save_last_list(ctx.db, ctx.clock, "birthday", ctx.run_id, ctx.dry_run,
                       [e.to_dict() for e in entries])


# --- reading the page --------------------------------------------------------------------


def load_cards(bs: BotSession) -> list[RawCard]:
    """Every card, scrolling until no new ones render (the page adds them in batches)."""
    sel, page = bs.selectors, bs.page
    first = sel.wait(page, "birthday_card", timeout_s=10)
    if first is None:
        bs.warning_check()
        if sel.resolve(page, "main") is None:
            raise PageChanged("the birthday page did not render (no <main>)")
        return []
    count = first.count()
    while True:
        page.mouse.wheel(0, 4000)
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        deadline = time.monotonic() + 2.0
        grown = False
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)
            loc = sel.resolve(page, "birthday_card")
            n = loc.count() if loc is not None else 0
            if n > count:
                count, grown = n, True
                break
        if not grown:
            break
    loc = sel.resolve(page, "birthday_card")
    return read_cards(loc) if loc is not None else []


def card_name(card: RawCard) -> str:
    for label in card.labels:
        if label.startswith("Message "):
            return label[len("Message "):].split(":")[0].strip()
    return clean_name(card.link_text)


def has_message_button(card: RawCard) -> bool:
    return any(label.startswith("Message ") for label in card.labels)


def not_first_degree(card: RawCard) -> bool:
    return any(_NOT_FIRST_DEGREE.match(x) for x in (*card.labels, *card.buttons))


def is_blacklisted(bs: BotSession, name: str, slug: str, contact: Any) -> bool:
    if contact is not None and contact["blacklisted"]:
        return True
    wanted = {normalise(x) for x in bs.settings.bots.birthday.blacklist if x.strip()}
    return bool(wanted & {normalise(name), normalise(slug)}) or any(
        f"/in/{slug}" in w for w in wanted)


def decide(bs: BotSession, card: RawCard, today: date) -> Entry:
    ctx, cfg = bs.ctx, bs.settings.bots.birthday
    name = card_name(card)
    slug = card.slug
    url = f"{bs.base_url}/in/{slug}/"
    bday = parse_card(card.text, today, name=name)
    days_late = (today - bday).days if bday else None
    language = "fr" if looks_french(card.text) else None
    entry = Entry(name, slug, url, bday, days_late, language)
    if not slug:
        entry.reason = "card without a profile link"
        return entry
    contact = ledger.upsert_contact(ctx.db, ctx.clock, profile_url=url, slug=slug, name=name)
    entry.contact_id = int(contact["id"])
    entry.language = contact["language"] or language
    if not_first_degree(card):
        entry.reason = "not a 1st-degree connection (Connect/Follow card)"
    elif not has_message_button(card):
        entry.reason = "no Message button on the card"
        entry.extra["missing_button"] = True
    elif bday is None or days_late is None:
        entry.reason = f"birthday date not recognised in {card.text.strip()[:80]!r}"
    elif days_late == 0 and not cfg.today:
        entry.reason = "today's wishes are off (bots.birthday.today)"
    elif days_late > 0 and not cfg.belated:
        entry.reason = "belated wishes are off (bots.birthday.belated)"
    elif days_late > cfg.max_days_late:
        entry.reason = f"{days_late} days late (bots.birthday.max_days_late = {cfg.max_days_late})"
    elif is_blacklisted(bs, name, slug, contact):
        entry.reason = "blacklisted"
    else:
        existing = ledger.active(ctx.db, entry.contact_id, entry.occasion)
        if existing is not None and existing["state"] == "sent":
            entry.reason = f"already wished for this birthday ({existing['sent_at'][:10]})"
        else:
            entry.decision = "wish"
            entry.reason = "today" if days_late == 0 else f"belated, {days_late} day(s) late"
            if existing is not None:
                entry.pending_id = int(existing["id"])
                entry.extra["pending_text"] = existing["text"]
                entry.reason += "; an earlier attempt is unconfirmed: checking it first"
    if entry.decision == "skip":
        ctx.count("skipped")
    return entry


# --- the messaging overlay ------------------------------------------------------------------


def _header_names(header_text: str, name: str) -> bool:
    return bool(re.search(rf"(?<!\w){re.escape(normalise(name))}(?!\w)", normalise(header_text)))


def overlays(bs: BotSession) -> list[Locator]:
    loc = bs.selectors.resolve(bs.page, "message_overlay")
    return [] if loc is None else [loc.nth(i) for i in range(loc.count())]


def overlay_header(bs: BotSession, overlay: Locator) -> str:
    header = bs.selectors.resolve(overlay, "overlay_header")
    if header is None:
        return ""
    try:
        return str(header.first.inner_text(timeout=3000))
    except Exception:
        return ""


def close_overlays(bs: BotSession) -> None:
    for _ in range(10):
        open_ = overlays(bs)
        if not open_:
            return
        button = bs.selectors.resolve(open_[0], "overlay_close")
        if button is None:
            return  # cannot close: the bot still only acts inside the right overlay
        button.first.click()
        bs.page.wait_for_timeout(50)


def find_overlay(bs: BotSession, name: str, timeout_s: float = OVERLAY_WAIT_S) -> Locator | None:
    """The open overlay whose header names ``name``, or None."""
    deadline = time.monotonic() + timeout_s
    while True:
        for ov in overlays(bs):
            if _header_names(overlay_header(bs, ov), name):
                return ov
        if time.monotonic() >= deadline:
            return None
        bs.page.wait_for_timeout(100)


def history_text(overlay: Locator) -> str:
    try:
        return normalise(str(overlay.evaluate(_HISTORY_JS)))
    except Exception:
        return ""


def textbox_text(box: Locator) -> str:
    try:
        return normalise(str(box.inner_text(timeout=3000)))
    except Exception:
        return ""


def clear_box(bs: BotSession, box: Locator) -> None:
    box.click()
    bs.page.keyboard.press("ControlOrMeta+A")
    bs.page.keyboard.press("Delete")


def text_elsewhere(bs: BotSession, mine: Locator, text: str) -> bool:
    """True if our text landed in another overlay's box (focus stolen)."""
    target = normalise(text)
    mine_box = bs.selectors.resolve(mine, "overlay_textbox")
    for ov in overlays(bs):
        box = bs.selectors.resolve(ov, "overlay_textbox")
        if box is None:
            continue
        if mine_box is not None and box.first.evaluate(
                "(a, b) => a === b", mine_box.first.element_handle()):
            continue
        if target and target in textbox_text(box.first):
            return True
    return False


def abort(bs: BotSession, entry: Entry, reason: str) -> None:
    entry.outcome, entry.decision, entry.reason = "aborted", "skip", reason
    bs.ctx.event("aborted", f"{entry.name}: {reason}", level="warning", slug=entry.slug)
    bs.ctx.count("aborted")
    bs.audit("message", entry.name, entry.profile_url, rule=f"birthday {entry.kind}",
             outcome="aborted")
    bs.screenshot(f"aborted-{entry.slug}")
    close_overlays(bs)


def card_for(bs: BotSession, slug: str) -> Locator | None:
    cards = bs.selectors.resolve(bs.page, "birthday_card")
    if cards is None:
        return None
    card = cards.filter(has=bs.page.locator(f"a[href*='/in/{slug}/'], a[href$='/in/{slug}']"))
    return card.first if card.count() else None


def _crash_hook() -> None:
    if os.environ.get(TESTING_ENV) == "1" and os.environ.get(CRASH_ENV) == "1":
        os.kill(os.getpid(), signal.SIGKILL)


# --- one wish --------------------------------------------------------------------------------


def pick_text(bs: BotSession, entry: Entry) -> bool:
    cfg = bs.settings.bots.birthday
    assert entry.contact_id is not None
    since = bs.ctx.clock.now() - timedelta(days=365 * cfg.template_repeat_years)
    used = ledger.templates_used_since(bs.ctx.db, entry.contact_id, since) \
        if cfg.template_repeat_years else {}
    try:
        options = candidates(cfg, belated=bool(entry.days_late), language=entry.language)
        entry.template = choose(options, used)
        entry.text = render(entry.template, entry.name, entry.days_late or 0)
    except TemplateError as exc:
        entry.decision, entry.reason, entry.outcome = "skip", str(exc), "failed"
        bs.ctx.event("template", f"{entry.name}: {exc}", level="error")
        return False
    return True


def wish(bs: BotSession, entry: Entry, usage: str) -> None:
    ctx, db, clock, sel = bs.ctx, bs.ctx.db, bs.ctx.clock, bs.selectors
    assert entry.contact_id is not None
    rule = f"birthday {entry.kind}" + (f" ({entry.days_late} d late)" if entry.days_late else "")
    close_overlays(bs)
    card = card_for(bs, entry.slug)
    button = sel.resolve(card, "birthday_message_button", name=entry.name) if card else None
    if button is None:
        bs.screenshot(f"no-button-{entry.slug}")
        raise PageChanged(f"Message button for {entry.name} not found (selector "
                          "'birthday_message_button')")
    button.first.click()
    overlay = find_overlay(bs, entry.name)
    if overlay is None:
        abort(bs, entry, "no conversation overlay names this person: nothing typed")
        return
    bs.warning_check()

    if entry.pending_id is not None:
        earlier = normalise(str(entry.extra.get("pending_text", "")))
        if earlier and earlier in history_text(overlay):
            ledger.confirm_sent(db, clock, entry.pending_id, "reconciled: found in conversation")
            bs.audit("message", entry.name, entry.profile_url, rule=f"{rule}; reconciled",
                     budget=usage, dry_run=False, outcome="done")
            entry.outcome, entry.text = "reconciled_sent", str(entry.extra["pending_text"])
            ctx.event("reconciled", f"{entry.name}: the earlier wish was delivered",
                      slug=entry.slug)
            ctx.count("reconciled")
            close_overlays(bs)
            return
        if not ctx.dry_run:
            ledger.abandon_unclicked(db, clock, entry.pending_id, "not found in conversation")
            ctx.event("reconciled", f"{entry.name}: the earlier attempt never arrived; "
                      "trying again", slug=entry.slug)

    if not pick_text(bs, entry):
        close_overlays(bs)
        return
    box = sel.resolve(overlay, "overlay_textbox")
    if box is None:
        bs.screenshot(f"no-textbox-{entry.slug}")
        raise PageChanged("message box not found in the overlay (selector 'overlay_textbox')")
    clear_box(bs, box.first)  # LinkedIn pre-fills a suggestion
    bs.type_text(box.first, entry.text)
    # Verify before sending: right header, our text in our box and nowhere else.
    if not _header_names(overlay_header(bs, overlay), entry.name):
        clear_box(bs, box.first)
        abort(bs, entry, "the overlay changed recipient while typing: nothing sent")
        return
    if textbox_text(box.first) != normalise(entry.text) or text_elsewhere(bs, overlay,
                                                                         entry.text):
        clear_box(bs, box.first)
        for ov in overlays(bs):  # remove our text wherever it landed
            other = sel.resolve(ov, "overlay_textbox")
            if other is not None and normalise(entry.text) in textbox_text(other.first):
                clear_box(bs, other.first)
        abort(bs, entry, "the typed text did not land in this person's message box")
        return

    if ctx.dry_run:
        clear_box(bs, box.first)
        ledger.record_dry_run(db, clock, contact_id=entry.contact_id, occasion=entry.occasion,
                              kind=entry.kind, template=entry.template, text=entry.text,
                              run_id=ctx.run_id)
        bs.audit("message", entry.name, entry.profile_url, rule=rule, budget=usage,
                 outcome="dry_run")
        entry.outcome = "dry_run"
        ctx.count("dry_run")
        ctx.event("dry_run", f"would wish {entry.name}: {entry.text}", slug=entry.slug)
        close_overlays(bs)
        return

    send = sel.resolve(overlay, "overlay_send")
    if send is None:
        bs.screenshot(f"no-send-{entry.slug}")
        raise PageChanged("Send button not found in the overlay (selector 'overlay_send')")
    try:
        message_id = ledger.record_intent(
            db, clock, contact_id=entry.contact_id, occasion=entry.occasion, kind=entry.kind,
            template=entry.template, text=entry.text, run_id=ctx.run_id)
    except ledger.AlreadyRecorded:
        clear_box(bs, box.first)
        entry.decision, entry.reason = "skip", "already wished (recorded by another run)"
        close_overlays(bs)
        return
    send.first.click()
    delivered = wait_delivered(bs, overlay, entry.text)
    if not delivered:
        entry.outcome = "unconfirmed"
        ctx.event("unconfirmed", f"{entry.name}: the message did not show in the conversation;"
                  " the next run checks it", level="warning", slug=entry.slug)
        ctx.count("unconfirmed")
        close_overlays(bs)
        return
    _crash_hook()
    ledger.confirm_sent(db, clock, message_id)
    bs.audit("message", entry.name, entry.profile_url, rule=rule, budget=usage, outcome="done")
    entry.outcome = "sent"
    ctx.count("sent")
    ctx.event("sent", f"wished {entry.name} ({entry.kind})", slug=entry.slug)
    close_overlays(bs)
    bs.delay()


def wait_delivered(bs: BotSession, overlay: Locator, text: str) -> bool:
    """Poll the conversation for the sent text; a warning sign raises SafetyStop."""
    target = normalise(text)
    deadline = time.monotonic() + SENT_WAIT_S
    while True:
        if target in history_text(overlay):
            return True
        bs.warning_check()
        if time.monotonic() >= deadline:
            return False
        bs.page.wait_for_timeout(100)


def reconcile_leftovers(bs: BotSession, on_page: set[str]) -> None:
    """Intents whose person is no longer on the birthday page: read the conversation page."""
    ctx = bs.ctx
    if ctx.dry_run:
        return
    for row in ledger.pending_intents(ctx.db):
        if row["slug"] in on_page:
            continue
        ctx.check_cancelled()
        bs.goto(f"/messaging/thread/{row['slug']}/")
        area = bs.selectors.wait(bs.page, "thread_history", timeout_s=5)
        if area is None:
            ctx.event("reconcile", f"{row['name']}: conversation not readable; kept for later",
                      level="warning")
            continue
        text = normalise(str(area.first.inner_text(timeout=5000)))
        if normalise(row["text"]) in text:
            ledger.confirm_sent(ctx.db, ctx.clock, int(row["id"]),
                                "reconciled: found in conversation")
            bs.audit("message", row["name"], row["profile_url"], rule="birthday; reconciled",
                     dry_run=False, outcome="done")
            ctx.count("reconciled")
            ctx.event("reconciled", f"{row['name']}: the earlier wish was delivered")
        else:
            ledger.abandon_unclicked(ctx.db, ctx.clock, int(row["id"]),
                                  "not found in conversation")
            ctx.event("reconciled", f"{row['name']}: the earlier attempt never arrived")
