"""Run type ``session_check``: open the feed with the stored session and record the verdict.

Registered with ``is_bot=False`` on purpose: it must run while bots are paused, while the
session is marked logged out or challenged, and outside working hours, because it is how a
person confirms a session after solving a checkpoint or importing a new one
(``POST /api/linkedin/session/validate``). It loads one page and acts on nothing. A bad verdict
goes through the same :func:`~linkedin_auto.bots.common.session_problem` as a bot run: vault
status, pause, one notification.

The daily scheduled check (``scheduler.defaults``) is refused, like a bot, while its answer is
already known: the session is marked logged out or challenged (the person was told once, and
loading LinkedIn again with a challenged session makes it worse), or the bots rest after a
warning sign. Only a person's "Validate" (or the live view) checks it then.
"""

from __future__ import annotations

from linkedin_auto.bots.common import (
    BotRefused,
    mark_vault,
    session_problem,
    vault_session,
)
from linkedin_auto.bots.safety.rest import rest_refusal
from linkedin_auto.queue.registry import register
from linkedin_auto.runs.context import RunContext


@register("session_check", "Check that the stored LinkedIn session is logged in",
          title="Session check", needs_session=True)
def session_check(ctx: RunContext) -> None:
    from linkedin_auto.browser.launch import open_browser
    from linkedin_auto.browser.selectors import Selectors
    from linkedin_auto.browser.session import VAULT_STATUS, SessionStatus, check_session

    refusal = rest_refusal(ctx.db, ctx.clock) if ctx.scheduled else None
    if refusal is not None:
        ctx.event("refused", refusal, level="warning")
        raise BotRefused(refusal)
    try:
        storage_state, identity = vault_session(ctx)
    except BotRefused as exc:
        ctx.event("session", str(exc), level="error")
        raise
    selectors = Selectors.load(ctx.settings)
    with open_browser(ctx.settings, storage_state, identity) as context:
        page = context.pages[0] if context.pages else context.new_page()
        status, reason = check_session(page, ctx.settings.linkedin.base_url, selectors=selectors)
    ctx.count(f"session_{status.value}")
    if status is not SessionStatus.ok:
        raise session_problem(ctx, status, reason)
    mark_vault(ctx, VAULT_STATUS[status], reason)
    ctx.event("session", "LinkedIn session is valid", status=status.value)
