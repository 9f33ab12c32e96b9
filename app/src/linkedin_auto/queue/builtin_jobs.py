"""Built-in run types that are not bots: ``doctor`` and ``backup``.

They exercise the whole path (API -> queue -> worker -> SQLite) with no LinkedIn involved.
"""

from __future__ import annotations

from datetime import timedelta

from linkedin_auto.queue.registry import register
from linkedin_auto.runs.context import RunContext

# A scheduled backup is not needed when one this recent exists (the system's daily timer).
RECENT_BACKUP = timedelta(hours=20)


class CheckFailed(RuntimeError):
    pass


@register("doctor", "Self-check: config, database, Redis, worker, Chromium, secrets, disk, memory",
          title="Self-check")
def doctor_job(ctx: RunContext) -> None:
    from linkedin_auto.doctor import run_checks

    failed = []
    for check in run_checks(ctx.settings):
        level = "info" if check.ok else ("error" if check.severity == "error" else "warning")
        ctx.event("check", f"{check.name}: {check.detail}", level=level, name=check.name,
                  ok=check.ok, severity=check.severity)
        ctx.count("checks")
        if not check.ok:
            ctx.count("warnings" if check.severity == "warning" else "failures")
            if check.severity == "error":
                failed.append(check.name)
        ctx.check_cancelled()
    if failed:
        raise CheckFailed(f"failed checks: {', '.join(failed)}")


@register("backup", "Online backup of the database (SQLite backup API), verified and rotated",
          title="Backup")
def backup_job(ctx: RunContext) -> None:
    from linkedin_auto.backup import create_backup, latest_backup_at
    from linkedin_auto.bots.common import BotRefused
    from linkedin_auto.clock import iso

    latest = latest_backup_at(ctx.settings)
    if ctx.scheduled and latest is not None and ctx.clock.now() - latest < RECENT_BACKUP:
        # Two daily backups would halve how many days backup.keep covers.
        raise BotRefused(f"not needed: a backup was made at {iso(latest)}")
    path = create_backup(ctx.db, ctx.settings, ctx.clock)
    size = path.stat().st_size
    ctx.event("backup", f"wrote {path.name} ({size} bytes)", file=path.name, size=size)
    ctx.count("backups")
