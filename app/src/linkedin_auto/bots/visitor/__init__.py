"""The visitor bot: visit the profiles a people search finds, like a person would.

Per run: search with ``bots.visitor`` (run options override the search terms and caps), walk
up to ``max_pages`` result pages, and open up to ``max_per_run`` profiles, each taking one
``profile_view`` from the shared budget, staying a random ``dwell_min/max_seconds`` with light
scrolling. Never revisits anyone visited in the last ``revisit_days``; skips the blacklist
(settings and contacts marked in the dashboard). Each visit is recorded (contacts,
profile_visits) and audited. A dry-run collects and plans the same list but opens no profile.

Files (the same set for every bot package): ``rules`` (plan and decisions, pure), ``text``
(reading visible text, pure), ``page`` (reading LinkedIn's pages), ``store`` (SQLite), ``run``
(one run: pages, budget, actions and their outcomes); this module registers the run type.
"""

from __future__ import annotations

from linkedin_auto.bots.visitor.rules import plan_from
from linkedin_auto.bots.visitor.run import ACTION, visitor_body
from linkedin_auto.queue.registry import register
from linkedin_auto.runs.context import RunContext

__all__ = ["run_visitor"]


@register("visitor", "Visit the profiles a people search finds (with dwell time)", is_bot=True,
          title="Profile visits")
def run_visitor(ctx: RunContext) -> None:
    from linkedin_auto.bots.common import run_bot

    plan = plan_from(ctx.settings.bots.visitor, ctx.options)  # bad options fail before launch
    run_bot(ctx, lambda s: visitor_body(ctx, s), run_caps={ACTION: plan.max_per_run})
