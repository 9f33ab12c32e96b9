#!/usr/bin/env python3
"""Generate docs/configuration.md from the settings schema (``--check``: fail if out of date).

Types, defaults, ranges and environment variable names come from ``linkedin_auto.settings``;
the meaning of each key is written below. A key without a meaning fails the generator, so the
documentation cannot fall behind the schema.
"""

from __future__ import annotations

import json
import sys
import types
import typing
from pathlib import Path
from typing import Any

from annotated_types import Ge, Gt, Le, Lt, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "configuration.md"

SECTIONS = {
    "": "General",
    "paths": "Where the state lives",
    "server": "The API and dashboard server",
    "redis": "The queue's Redis",
    "linkedin": "LinkedIn",
    "browser": "The browser (Chromium through Playwright)",
    "working_hours": "Working hours (in `timezone`)",
    "limits": "Activity quotas (sliding windows per action type)",
    "warmup": "Warm-up for new installations",
    "delays": "Human-like delays",
    "safety": "Safety pause",
    "bots": "Bots",
    "jobs": "Job timeouts",
    "notifications": "Notifications (Apprise)",
    "backup": "Backups",
    "updates": "Updates (System → Updates)",
    "logging": "Logging",
}

MEANINGS = {
    "timezone": "IANA time zone of the account owner: working hours, schedules, birthdays"
    " and the activity chart use it.",
    "paths.state_dir": "Database (`linkedin.db`), `backups/`, `screenshots/`, `browser/`"
    " profile and the setup code file.",
    "paths.secrets_file": "Generated secrets (SESSION_SECRET, VAULT_KEY), mode 0600, created"
    " on first start and never overwritten.",
    "server.host": "Address the API binds to (the Ansible role puts it behind port 80).",
    "server.port": "TCP port of the API and dashboard.",
    "server.secure_cookies": "Mark the session cookies `Secure`: turn on when the dashboard is"
    " served over HTTPS by a reverse proxy.",
    "server.session_hours": "Lifetime of a dashboard login.",
    "redis.url": "Redis for the queue: `unix:///path.sock`, `redis://host:port/db` or"
    " `rediss://`.",
    "linkedin.base_url": "Where the bots go. Only tests and the demo change it (to the local"
    " sandbox).",
    "browser.executable_path": "Chromium binary; empty: auto-detected"
    " (chromium-headless-shell, then chromium).",
    "browser.headless": "Run without a window (always on a Pi).",
    "browser.navigation_timeout_seconds": "Longest wait for a page load.",
    "browser.extra_args": "Extra Chromium command-line flags.",
    "browser.block_resources": "Skip images, media and fonts to save memory and bandwidth.",
    "working_hours.enabled": "Bots act only inside the window below.",
    "working_hours.start": "Start of the daily window (HH:MM).",
    "working_hours.end": "End of the daily window (HH:MM), after `start`.",
    "working_hours.days": "Days the bots may act (`mon` .. `sun`).",
    "warmup.enabled": "Ramp quotas up over the first weeks of a new installation.",
    "warmup.days": "Length of the ramp.",
    "warmup.start_fraction": "Share of each quota allowed on day one, rising linearly to 100%.",
    "delays.min_seconds": "Shortest random pause between actions.",
    "delays.max_seconds": "Longest random pause between actions.",
    "delays.typing_min_ms": "Shortest delay between typed characters.",
    "delays.typing_max_ms": "Longest delay between typed characters.",
    "safety.cooldown_hours": "How long every bot pauses after a warning sign (limit popup,"
    " error toast, too-many-requests page, checkpoint).",
    "bots.birthday.enabled": "The birthday bot may run.",
    "bots.birthday.today": "Wish today's birthdays.",
    "bots.birthday.belated": "Wish recent birthdays that were missed.",
    "bots.birthday.max_days_late": "Oldest birthday (in days) still wished belatedly.",
    "bots.birthday.max_per_run": "Most wishes sent by one run.",
    "bots.birthday.default_language": "Language (ISO 639 code) of a contact whose language is"
    " neither set on their contact page nor read on their birthday card; its templates must"
    " include both `today` and `belated` wishes.",
    "bots.birthday.templates": "Wishes per language code, each with `today` and `belated`"
    " lists; placeholders `{first_name}`, `{last_name}`, `{full_name}`, `{days_late}`. A wish"
    " is never picked from another language's list: a language without the needed list falls"
    " back to `default_language`. Older files with flat `templates` /"
    " `belated_templates` / `templates_by_language` lists keep working: they are read as the"
    " default language's lists (and `<code>` / `<code>-belated` entries as that language's),"
    " and written in this layout at the next save.",
    "bots.birthday.template_repeat_years": "A template is not sent again to the same person"
    " within this many years.",
    "bots.birthday.blacklist": "Profile slugs or names never wished.",
    "bots.visitor.enabled": "The visitor bot may run.",
    "bots.visitor.keywords": "People search keywords (supports OR / NOT).",
    "bots.visitor.title": "Title filter of the people search.",
    "bots.visitor.geo_urns": "LinkedIn numeric geo ids to filter by location.",
    "bots.visitor.network": "Network degrees searched: F (1st), S (2nd), O (3rd+).",
    "bots.visitor.max_per_run": "Most profiles visited by one run.",
    "bots.visitor.max_pages": "Most search result pages read by one run.",
    "bots.visitor.dwell_min_seconds": "Shortest time spent on a profile.",
    "bots.visitor.dwell_max_seconds": "Longest time spent on a profile.",
    "bots.visitor.revisit_days": "A profile is not visited again within this many days.",
    "bots.visitor.blacklist": "Profile slugs or names never visited.",
    "bots.invitations.enabled": "The invitations bot may run.",
    "bots.invitations.accept.enabled": "Accept received invitations that match the rules.",
    "bots.invitations.accept.min_mutual": "Least mutual connections to accept.",
    "bots.invitations.accept.include_keywords": "If set, the headline must contain one of"
    " these to accept.",
    "bots.invitations.accept.exclude_keywords": "Never accept a headline containing one of"
    " these.",
    "bots.invitations.ignore.enabled": "Ignore invitations matching the exclude keywords"
    " (irreversible, so off by default).",
    "bots.invitations.ignore.exclude_keywords": "Headline keywords that get an invitation"
    " ignored.",
    "bots.invitations.withdraw.enabled": "Withdraw sent invitations left unanswered.",
    "bots.invitations.withdraw.older_than_days": "Age after which a sent invitation is"
    " withdrawn.",
    "bots.invitations.withdraw.max_per_run": "Most withdrawals per run.",
    "bots.invitations.max_per_run": "Most accept/ignore decisions per run.",
    "bots.invitations.blacklist": "Profile slugs or names never accepted.",
    "jobs.timeout_seconds": "Hard timeout per run type; the worker kills a run that exceeds"
    " it. Each value: whole seconds, 1 to 86400 (a day).",
    "jobs.stop_grace_seconds": "On `systemctl stop`, how long the worker lets the running job"
    " stop by itself before killing it; keep it below the unit's `TimeoutStopSec`.",
    "notifications.urls": "Apprise URLs (ntfy, mailto, tgram, json, ...). Secret: masked in"
    " API answers.",
    "notifications.events": "Events that notify: session_expired, checkpoint, run_failed,"
    " limit_reached, daily_summary.",
    "notifications.daily_summary_time": "When the daily summary is sent (in `timezone`).",
    "notifications.dashboard_url": "The dashboard's address as seen from your phone or"
    " computer; notifications link to its pages (a session problem to the sign-in page).",
    "backup.keep": "Backups kept in `paths.state_dir/backups`.",
    "paths.log_dir": "Where the services write their logs as files (`*.log`), on a machine"
    " without journald: the System page's log panel reads the newest lines of every file there,"
    " in time order. Unset on a device (the panel reads the journal); `make demo` sets it to"
    " `.demo/logs`.",
    "paths.updater_dir": "The root-owned updater's folder (trusted release keys, its Ansible):"
    " read by the API, written only by the Ansible role.",
    "updates.feed_url": "Release feed read by \"Check for updates\" (JSON, see"
    " docs/releases.md). Only a pointer: what is installed is decided by the bundle's signature.",
    "updates.channel": "`stable` or `beta` (release candidates too).",
    "updates.bot_wait_minutes": "How long an update waits for a bot run in progress to finish"
    " before it is cancelled (the scheduler starts nothing new meanwhile).",
    "logging.level": "debug, info, warning or error.",
}
QUOTA_MEANING = {
    "daily": "Most `{action}` in any 24 hours.",
    "weekly": "Most `{action}` in any 7 days.",
}


def _type_name(ann: Any) -> str:
    origin = typing.get_origin(ann)
    if origin is typing.Annotated:
        return _type_name(typing.get_args(ann)[0])
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        fields = ", ".join(f"{k}: {_type_name(f.annotation)}" for k, f in ann.model_fields.items())
        return "{" + fields + "}"
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in typing.get_args(ann))
    if origin in (list, dict):
        args = ", ".join(_type_name(a) for a in typing.get_args(ann))
        return f"{origin.__name__}[{args}]"
    if origin in (typing.Union, types.UnionType):
        return " \\| ".join(_type_name(a) for a in typing.get_args(ann))
    return getattr(ann, "__name__", str(ann))


def _range(field: FieldInfo) -> str:
    parts = []
    for m in field.metadata:
        if isinstance(m, Ge):
            parts.append(f">= {m.ge}")
        elif isinstance(m, Gt):
            parts.append(f"> {m.gt}")
        elif isinstance(m, Le):
            parts.append(f"<= {m.le}")
        elif isinstance(m, Lt):
            parts.append(f"< {m.lt}")
        elif isinstance(m, MinLen):
            parts.append(f"at least {m.min_length} item(s)")
    return ", ".join(parts)


def _default(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return f"`{text}`" if len(text) <= 60 else "see below"


def _rows(model: type[BaseModel], defaults: dict[str, Any], prefix: str) -> list[list[str]]:
    rows = []
    for name, field in model.model_fields.items():
        path = prefix + name
        ann = field.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel) and ann.__name__ != "Quota":
            rows += _rows(ann, defaults[name], path + ".")
            continue
        if isinstance(ann, type) and ann.__name__ == "Quota":
            for sub, subfield in ann.model_fields.items():
                rows.append(_row(f"{path}.{sub}", subfield, defaults[name][sub],
                                 QUOTA_MEANING[sub].format(action=name)))
            continue
        if path not in MEANINGS:
            raise SystemExit(f"scripts/gen-config-docs.py: no meaning written for {path!r}:"
                             " add it to MEANINGS in that script, then run it")
        rows.append(_row(path, field, defaults[name], MEANINGS[path]))
    return rows


def _row(path: str, field: FieldInfo, default: Any, meaning: str) -> list[str]:
    env = "LINKEDIN_AUTO_" + path.upper().replace(".", "__")
    rng = _range(field)
    return [f"`{path}`", _type_name(field.annotation), _default(default),
            meaning + (f" Range: {rng}." if rng else ""), f"`{env}`", path]


def render() -> str:
    sys.path.insert(0, str(ROOT / "app" / "src"))
    from linkedin_auto.settings import Settings, validate_document

    defaults = validate_document({}).model_dump(mode="json")
    rows = _rows(Settings, defaults, "")
    long_defaults = []
    out = [
        "# Configuration",
        "",
        ("<!-- Generated by scripts/gen-config-docs.py from app/src/linkedin_auto/settings.py;"
        " edit those, then run `python scripts/gen-config-docs.py`. -->"),
        "",
        "Settings are read, highest priority first, from:",
        "",
        "1. environment variables `LINKEDIN_AUTO_<SECTION>__<KEY>` (listed below);",
        ("2. the YAML file `/etc/linkedin-auto/config.yaml` (or the file named by"
        " `LINKEDIN_AUTO_CONFIG`);"),
        "3. the defaults below.",
        "",
        ("Unknown keys are refused, and every error names the field (for example"
        " `warmup.days: Input should be a valid integer`). A rule across fields is reported at"
        " each field it involves: `limits.messages.daily` and `limits.messages.weekly` both say"
        " `the daily limit (50) must not exceed the weekly limit (10)`; the same for `delays`"
        " (a minimum above its maximum) and `working_hours` (a start not before the end)."
        " Every number has the range shown beside it and must be finite; `true`/`false` is refused where a number is expected"
        " (YAML reads `yes` and `on` as booleans too), so a typo cannot become a quota of 1."
        " A refused change, from the dashboard or `linkedin-auto config validate`, names each"
        " field and why, and leaves the file in force as it was. The dashboard's Settings page"
        " edits the YAML file through `PUT /api/config` (see [api.md](api.md)): a partial"
        " document is merged into the file, the whole result is validated, and only a valid"
        " result is written, atomically. The last 10 versions are kept in the database"
        " (`GET /api/config/history`). The file is rewritten by the API, so comments in it are"
        " not kept. Values set by environment variables win over the file; `GET /api/config`"
        " lists which keys they override."),
        "",
        "Example:",
        "",
        "```yaml",
        "timezone: Europe/Paris",
        "working_hours: {start: \"08:30\", end: \"19:00\", days: [mon, tue, wed, thu, fri]}",
        "limits:",
        "  messages: {daily: 10, weekly: 40}",
        "bots:",
        "  birthday:",
        "    default_language: en",
        "    templates:",
        "      en: {today: [\"Happy birthday {first_name}!\"], belated: [\"Happy belated birthday!\"]}",
        "      fr: {today: [\"Joyeux anniversaire {first_name} !\"], belated: [\"Bon anniversaire !\"]}",
        "notifications:",
        "  urls: [\"ntfy://ntfy.sh/my-secret-topic\"]",
        "```",
        "",
    ]
    section = None
    for row in rows:
        path = row[5]
        top = path.split(".")[0] if "." in path else ""
        if top != section:
            section = top
            out += ["", f"## {SECTIONS[top]}" + (f" (`{top}`)" if top else ""), "",
                    "| key | type | default | meaning | environment variable |",
                    "| --- | --- | --- | --- | --- |"]
        if row[2] == "see below":
            long_defaults.append(path)
        out.append("| " + " | ".join(c.replace("\n", " ") for c in row[:5]) + " |")
    if long_defaults:
        out += ["", "## Long defaults", ""]
        for path in long_defaults:
            value: Any = defaults
            for p in path.split("."):
                value = value[p]
            out += [f"`{path}`:", "", "```json", json.dumps(value, indent=2, ensure_ascii=False),
                    "```", ""]
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not OUT.is_file() or OUT.read_text() != text:
            print("docs/configuration.md is out of date: run python scripts/gen-config-docs.py")
            return 1
        return 0
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
