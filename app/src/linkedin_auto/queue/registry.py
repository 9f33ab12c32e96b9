"""Run types: each name maps to a function taking a RunContext.

Bots register themselves (``linkedin_auto.bots``) and so do built-in jobs (doctor, backup).
The function returns nothing; progress is reported through ``ctx.count`` / ``ctx.event``;
an exception fails the run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from linkedin_auto.runs.context import RunContext

JobFunc = Callable[[RunContext], None]


@dataclass(frozen=True)
class JobSpec:
    name: str
    func: JobFunc
    description: str
    # Bots act on LinkedIn: they need a session, honour pause/working hours, use the browser.
    is_bot: bool = False
    # False: started only by its own route (the live sign-in view), never through
    # /api/bots/{bot}/runs or a schedule, and not listed among the bots and tools.
    direct: bool = True
    title: str = ""  # a short name for people ("Birthday wishes"); the name if empty
    # A dry run reads LinkedIn and records what it would do without doing it: the bots only.
    supports_dry_run: bool = False
    # Loads LinkedIn with the stored session (the bots and the session check): a scheduled run
    # is skipped while the account must rest (pause, dead session).
    needs_session: bool = False


_REGISTRY: dict[str, JobSpec] = {}


def register(name: str, description: str, *, is_bot: bool = False, direct: bool = True,
             title: str = "", supports_dry_run: bool | None = None,
             needs_session: bool | None = None,
             ) -> Callable[[JobFunc], JobFunc]:
    def deco(func: JobFunc) -> JobFunc:
        _REGISTRY[name] = JobSpec(
            name, func, description, is_bot, direct, title or name,
            is_bot if supports_dry_run is None else supports_dry_run,
            is_bot if needs_session is None else needs_session)
        return func

    return deco


def load_all() -> dict[str, JobSpec]:
    """Import every module that registers run types; cheap (no browser import at load)."""
    import linkedin_auto.bots  # noqa: F401
    import linkedin_auto.browser.live  # noqa: F401
    import linkedin_auto.queue.builtin_jobs  # noqa: F401

    return dict(_REGISTRY)


def get(name: str) -> JobSpec | None:
    return load_all().get(name)
