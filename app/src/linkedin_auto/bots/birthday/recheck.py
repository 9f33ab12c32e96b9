"""Settle earlier unverified wishes on positive evidence only.

A conversation's own page is ``/messaging/thread/<id>/`` with an opaque id that cannot be built
from the person's profile: it is reached as a person does, through the messaging page's
"Search messages" box and the conversation in the results whose page names that person's
profile. Our text there -> ``sent``. Not finding the box, the conversation or the text proves
nothing (the list and the history may be lazy): the wish stays ``unverified``, never downgraded.

Each page is waited for until it shows an explicit state, not for a fixed time: the search
results until they list conversations or say there are none ("No messages found"), the
conversation until our text shows or its history shows other messages. Only a page that shows
neither is given up on after a short limit.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from linkedin_auto.bots import ledger
from linkedin_auto.bots.birthday_dates import normalise
from linkedin_auto.bots.common import BotSession
from linkedin_auto.clock import iso

if TYPE_CHECKING:
    from playwright.sync_api import Locator

# Unverified wishes younger than this are looked up (at most RECHECK_PER_RUN per run).
RECHECK_DAYS = 14
RECHECK_PER_RUN = 10
# Conversations in the search results whose title is the name: namesakes are opened in turn,
# the one whose page links to the person's profile is read.
MAX_CANDIDATES = 3
MESSAGING_PATH = "/messaging/"
# The most a page that shows none of its explicit states is waited for.
PAGE_WAIT_S = 5.0
POLL_S = 0.1


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
        found = conversation_has(bs, str(row["name"]), str(row["slug"]), str(row["text"]))
        if found and ledger.upgrade_verified(
                ctx.db, ctx.clock, int(row["id"]), "found on the conversation page"):
            ctx.count("reconciled")
            if int(row["id"]) in settled:
                ctx.count("unverified", -1)
            ctx.event("reconciled", f"{row['name']}: the earlier wish is in the conversation: "
                      "sent", slug=row["slug"])


def conversation_has(bs: BotSession, name: str, slug: str, text: str) -> bool:
    """True when our ``text`` is on the conversation page with ``slug``. False says nothing
    about whether the wish arrived (no conversation found, or the text not shown)."""
    bs.goto(MESSAGING_PATH)
    box = bs.selectors.wait(bs.page, "messaging_search", timeout_s=PAGE_WAIT_S)
    if box is None:
        bs.ctx.event("recheck_unavailable", "no 'Search messages' box on the messaging page: "
                     "unverified wishes stay unverified", level="warning")
        return False
    bs.type_text(box.first, name)
    with bs.page.expect_navigation(wait_until="domcontentloaded"):
        box.first.press("Enter")
    bs.warning_check()
    links, why = search_results(bs)
    hrefs: list[str] = []
    for link in [] if links is None else [links.nth(i) for i in range(links.count())]:
        if normalise(str(link.inner_text(timeout=5000))) != normalise(name):
            continue
        target = urljoin(bs.page.url, link.get_attribute("href") or "")
        if urlsplit(target).netloc == urlsplit(bs.base_url).netloc and target not in hrefs:
            hrefs.append(target)  # never follow a link off LinkedIn
    for target in hrefs[:MAX_CANDIDATES]:
        bs.goto(target)
        if bs.selectors.wait(bs.page, "thread_recipient", timeout_s=PAGE_WAIT_S,
                             slug=slug) is None:
            continue  # a namesake's conversation
        if history_shows(bs, text):
            return True
        bs.ctx.event("recheck_not_shown", f"{name}: the conversation does not show the wish; "
                     "it stays unverified", slug=slug)
        return False
    why = why or "no conversation with them in the messaging search"
    bs.ctx.event("recheck_no_conversation", f"{name}: {why}; the wish stays unverified",
                 slug=slug)
    return False


def search_results(bs: BotSession) -> tuple[Locator | None, str]:
    """(the conversation links of the search results, ""), as soon as they show; (None, why)
    as soon as the page says it found none (``messaging_no_results``), or after PAGE_WAIT_S
    with neither."""
    deadline = time.monotonic() + PAGE_WAIT_S
    while True:
        links = bs.selectors.resolve(bs.page, "conversation_link")
        if links is not None:
            return links, ""
        if bs.selectors.resolve(bs.page, "messaging_no_results") is not None:
            return None, "the messaging search says it found no messages"
        if time.monotonic() >= deadline:
            return None, (f"the messaging search showed neither conversations nor its empty "
                          f"notice within {PAGE_WAIT_S:g} s")
        time.sleep(POLL_S)


def history_shows(bs: BotSession, text: str) -> bool:
    """Whether the open conversation's history shows ``text``: True as soon as it does, False
    as soon as the history shows messages (``thread_message``) without it, or after
    PAGE_WAIT_S when it shows neither (an empty or still loading history)."""
    want = normalise(text)
    deadline = time.monotonic() + PAGE_WAIT_S
    while True:
        area = bs.selectors.resolve(bs.page, "thread_history")
        if area is not None and want in normalise(str(area.first.inner_text(timeout=5000))):
            return True
        if area is not None and bs.selectors.resolve(area.first, "thread_message") is not None:
            return False
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_S)
