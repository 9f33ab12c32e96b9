"""Per card: wish, skip (why) or reconcile a wish an earlier run left unsettled.

Reconciling uses the ledger only, never the overlay: an intent whose ``clicked_at`` is empty
provably never reached the Send click (abandoned, wished again now); one with ``clicked_at``
may have been sent (``unverified``: never repeated automatically).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from linkedin_auto.bots import ledger
from linkedin_auto.bots.birthday.model import Decision, Entry
from linkedin_auto.bots.birthday.page import card_name, has_message_button, not_first_degree
from linkedin_auto.bots.birthday_dates import looks_french, normalise, parse_card
from linkedin_auto.bots.common import BotSession
from linkedin_auto.bots.page_read import RawCard
from linkedin_auto.bots.templates import choose_language
from linkedin_auto.text import plural


def is_blacklisted(bs: BotSession, name: str, slug: str, contact: Any) -> bool:
    if contact is not None and contact["blacklisted"]:
        return True
    wanted = {normalise(x) for x in bs.settings.bots.birthday.blacklist if x.strip()}
    return bool(wanted & {normalise(name), normalise(slug)}) or any(
        f"/in/{slug}" in w for w in wanted)


def reconcile(bs: BotSession, entry: Entry) -> Any:
    """Settle an intent left by a run that died; returns the row still holding the slot."""
    ctx = bs.ctx
    assert entry.contact_id is not None
    row = ledger.active(ctx.db, entry.contact_id, entry.occasion)
    if row is None or row["state"] != ledger.MessageState.intent or ctx.dry_run:
        return row
    mid = int(row["id"])
    if row["clicked_at"] is None:
        ledger.abandon_unclicked(ctx.db, ctx.clock, mid, "the run stopped before the Send click")
        ctx.event("reconciled", f"{entry.name}: an earlier run stopped before clicking Send; "
                  "wishing now", slug=entry.slug)
        return None
    # Its audit row (outcome unverified) was written with clicked_at, before the click.
    ledger.settle_clicked(ctx.db, ctx.clock, mid, "the run stopped after the Send click")
    ctx.event("unverified", f"{entry.name}: an earlier run stopped right after clicking Send; "
              "it may have been sent, so it is not sent again (see wishes to check)",
              level="warning", slug=entry.slug)
    ctx.count("unverified")
    entry.extra["settled_here"] = True
    return ledger.active(ctx.db, entry.contact_id, entry.occasion)


def decide(bs: BotSession, card: RawCard, today: date) -> Entry:
    ctx, cfg = bs.ctx, bs.settings.bots.birthday
    name = card_name(card)
    slug = card.slug
    url = f"{bs.base_url}/in/{slug}/"
    bday = parse_card(card.text, today, name=name)
    days_late = (today - bday).days if bday else None
    read_language = "fr" if looks_french(card.text) else None
    entry = Entry(name, slug, url, bday, days_late, None)
    if not slug:
        entry.reason = "card without a profile link"
        return entry
    contact = ledger.upsert_contact(ctx.db, ctx.clock, profile_url=url, slug=slug, name=name)
    entry.contact_id = int(contact["id"])
    entry.language, entry.language_reason, entry.templates, _ = choose_language(
        cfg, belated=bool(days_late), contact_language=contact["language"],
        read_language=read_language)
    if not_first_degree(card):
        entry.reason = "not a 1st-degree connection (Connect/Follow card)"
    elif not has_message_button(card):
        entry.reason = "no Message button on the card"
        entry.extra["missing_button"] = True
    elif bday is None or days_late is None:
        entry.reason = f"birthday date not recognised in {card.text.strip()[:80]!r}"
    elif days_late == 0 and not cfg.today:
        entry.reason = "wishes on the day are switched off in the settings"
    elif days_late > 0 and not cfg.belated:
        entry.reason = "belated wishes are switched off in the settings"
    elif days_late > cfg.max_days_late:
        entry.reason = (f"{plural(days_late, 'day')} late: belated wishes go out at most "
                        f"{plural(cfg.max_days_late, 'day')} late (setting: max days late)")
    elif is_blacklisted(bs, name, slug, contact):
        entry.reason = "blacklisted"
    else:
        existing = reconcile(bs, entry)
        if existing is None:
            entry.decision = Decision.wish
            entry.reason = ("today" if days_late == 0
                            else f"belated, {plural(days_late, 'day')} late")
        elif existing["state"] == ledger.MessageState.sent:
            entry.reason = f"already wished for this birthday ({existing['sent_at'][:10]})"
        elif existing["state"] == ledger.MessageState.unverified:
            entry.reason = ("an earlier wish may have been sent (unverified): not sent again; "
                            "check it in wishes to check")
            entry.extra["unverified_id"] = int(existing["id"])
        elif ctx.dry_run:
            entry.reason = "an earlier run stopped while wishing: the next real run settles it"
        else:
            entry.reason = "another run is wishing this person right now"
    if entry.decision == Decision.skip:
        ctx.count("skipped")
    return entry
