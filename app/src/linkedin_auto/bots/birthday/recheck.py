"""Settle earlier unverified wishes on positive evidence only.

A conversation's own page is ``/messaging/thread/<id>/`` with an opaque id that cannot be built
from the person's profile: it is reached as a person does, through the messaging page's
"Search messages" box and the conversation in the results whose page names that person's
profile. Our text there -> ``sent``. Not finding the box, the conversation or the text proves
nothing (the list and the history may be lazy): the wish stays ``unverified``, never downgraded.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urljoin, urlsplit

from linkedin_auto.bots import ledger
from linkedin_auto.bots.birthday_dates import normalise
from linkedin_auto.bots.common import BotSession
from linkedin_auto.clock import iso

# Unverified wishes younger than this are looked up (at most RECHECK_PER_RUN per run).
RECHECK_DAYS = 14
RECHECK_PER_RUN = 10
# Conversations in the search results whose title is the name: namesakes are opened in turn,
# the one whose page links to the person's profile is read.
MAX_CANDIDATES = 3
MESSAGING_PATH = "/messaging/"


def recheck_unverified(bs: BotSession, settled: set[int]) -> None:
    """``settled``: crash leftovers this run counted as unverified (no longer so once found)."""
    ctx = bs.ctx
    if ctx.dry_run:
        return
    since = ctx.clock.now() - timedelta(days=RECHECK_DAYS)
    rows = [r for r in ledger.unverified(ctx.db)
            if (r["clicked_at"] or "") >= iso(since) and r["run_id"] != ctx.run_id]
    for row in rows[:RECHECK_PER_RUN]:
        ctx.check_cancelled()
        history = conversation_text(bs, str(row["name"]), str(row["slug"]))
        if history is None:
            continue
        if normalise(row["text"]) in history and ledger.upgrade_verified(
                ctx.db, ctx.clock, int(row["id"]), "found on the conversation page"):
            ctx.count("reconciled")
            if int(row["id"]) in settled:
                ctx.count("unverified", -1)
            ctx.event("reconciled", f"{row['name']}: the earlier wish is in the conversation: "
                      "sent", slug=row["slug"])


def conversation_text(bs: BotSession, name: str, slug: str) -> str | None:
    """The normalised history of the conversation with ``slug``, or None when it was not
    found (which says nothing about whether the wish arrived)."""
    bs.goto(MESSAGING_PATH)
    box = bs.selectors.wait(bs.page, "messaging_search", timeout_s=5)
    if box is None:
        bs.ctx.event("recheck_unavailable", "no 'Search messages' box on the messaging page: "
                     "unverified wishes stay unverified", level="warning")
        return None
    bs.type_text(box.first, name)
    with bs.page.expect_navigation(wait_until="domcontentloaded"):
        box.first.press("Enter")
    bs.warning_check()
    links = bs.selectors.wait(bs.page, "conversation_link", timeout_s=5)
    hrefs: list[str] = []
    for i in range(links.count() if links is not None else 0):
        link = links.nth(i) if links is not None else None
        if link is None or normalise(str(link.inner_text(timeout=5000))) != normalise(name):
            continue
        target = urljoin(bs.page.url, link.get_attribute("href") or "")
        if urlsplit(target).netloc == urlsplit(bs.base_url).netloc and target not in hrefs:
            hrefs.append(target)  # never follow a link off LinkedIn
    for target in hrefs[:MAX_CANDIDATES]:
        bs.goto(target)
        if bs.selectors.wait(bs.page, "thread_recipient", timeout_s=5, slug=slug) is None:
            continue  # a namesake's conversation
        area = bs.selectors.wait(bs.page, "thread_history", timeout_s=5)
        if area is None:
            return None
        return normalise(str(area.first.inner_text(timeout=5000)))
    return None
