"""The invitations bot: answer received invitations by rules, withdraw stale sent ones.

Each card is decided by :mod:`.rules`; accepts and ignores count against
``bots.invitations.max_per_run`` and their budgets (``accept``, ``ignore``); withdrawals of
invitations at least ``withdraw.older_than_days`` old against ``withdraw.max_per_run``
(budget ``withdraw``). See :mod:`.run` for what counts and when.

Files (the same set for every bot package): ``rules`` (decisions, pure), ``text`` (reading
visible text, pure), ``page`` (reading LinkedIn's pages), ``store`` (SQLite), ``run`` (one run:
pages, budget, actions and their outcomes); this module registers the run type.
"""

from __future__ import annotations

from linkedin_auto.bots.invitations.run import invitations_body
from linkedin_auto.bots.run_options import InvitationsOptions, parse_options
from linkedin_auto.queue.registry import register
from linkedin_auto.runs.context import RunContext

__all__ = ["run_invitations"]


@register("invitations", "Accept or ignore received invitations by rules; withdraw stale sent"
          " ones", is_bot=True, title="Invitations")
def run_invitations(ctx: RunContext) -> None:
    from linkedin_auto.bots.common import run_bot

    cfg = ctx.settings.bots.invitations
    opts = parse_options(InvitationsOptions, ctx.options)  # bad options fail before launch
    caps = {"withdraw": opts.withdraw_max_per_run or cfg.withdraw.max_per_run}
    run_bot(ctx, lambda s: invitations_body(ctx, s), run_caps=caps)
