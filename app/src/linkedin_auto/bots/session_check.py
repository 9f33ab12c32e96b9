"""Run type ``session_check``: open the feed with the stored session and record the verdict.

Registered with ``is_bot=False`` on purpose: it must run while bots are paused, while the
session is marked logged out or challenged, and outside working hours, because it is how a
person confirms a session after solving a checkpoint or importing a new one
(``POST /api/linkedin/session/validate``). It loads one page and acts on nothing. A bad verdict
goes through the same :func:`~linkedin_auto.bots.common.session_problem` as a bot run: vault
status, pause, one notification.
"""

from __future__ import annotations

from linkedin_auto.bots.common import (
    BotRefused,
    mark_vault,
    session_problem,
    vault_session,
)
from linkedin_auto.queue.registry import register
from linkedin_auto.runs.context import RunContext


@register("session_check", "Check that the stored LinkedIn session is logged in")
def session_check(ctx: RunContext) -> None:
    from linkedin_auto.browser.launch import open_browser
    from linkedin_auto.browser.selectors import Selectors
    from linkedin_auto.browser.session import VAULT_STATUS, SessionStatus, check_session

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
