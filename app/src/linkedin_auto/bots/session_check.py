"""Run type ``session_check``: open the feed with the stored session and record the verdict.

Registered with ``is_bot=False`` on purpose: it must run while bots are paused or outside
working hours, because it is how a person confirms a session after solving a checkpoint or
importing a new one (``POST /api/linkedin/session/validate``). It loads one page and acts on
nothing. A bad verdict pauses and notifies exactly like a bot run would.
"""

from __future__ import annotations

from linkedin_auto.bots.common import (
    BotRefused,
    mark_vault,
    notify,
    vault_session,
)
from linkedin_auto.bots.safety.pause import pause_all
from linkedin_auto.clock import iso
from linkedin_auto.queue.registry import register
from linkedin_auto.runs.context import RunContext


@register("session_check", "Check that the stored LinkedIn session is logged in")
def session_check(ctx: RunContext) -> None:
    from linkedin_auto.browser.launch import open_browser
    from linkedin_auto.browser.selectors import Selectors
    from linkedin_auto.browser.session import PAUSING, VAULT_STATUS, check_session

    try:
        storage_state, identity = vault_session(ctx)
    except BotRefused as exc:
        ctx.event("session", str(exc), level="error")
        raise
    selectors = Selectors.load(ctx.settings)
    with open_browser(ctx.settings, storage_state, identity) as context:
        page = context.pages[0] if context.pages else context.new_page()
        status, reason = check_session(page, ctx.settings.linkedin.base_url, selectors=selectors)
    mark_vault(ctx, VAULT_STATUS[status], reason)
    ctx.count(f"session_{status.value}")
    if status.value == "ok":
        ctx.event("session", "LinkedIn session is valid", status=status.value)
        return
    ctx.event("session", f"LinkedIn session not usable ({status.value}): {reason}",
              level="error", status=status.value)
    if status in PAUSING:
        pause = pause_all(ctx.db, ctx.clock, hours=ctx.settings.safety.cooldown_hours,
                          reason=f"{status.value}: {reason}")
        ctx.event("paused", f"all bots paused until {iso(pause.until)}", level="warning")
    notify(ctx, "checkpoint" if status.value == "checkpoint" else "session_expired",
           f"LinkedIn session: {status.value}", reason)
    raise BotRefused(f"LinkedIn session not usable ({status.value}): {reason}")
