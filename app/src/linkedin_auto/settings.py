"""Configuration schema and loading.

Sources, highest priority first: environment variables ``LINKEDIN_AUTO_<SECTION>__<KEY>``,
the YAML file (``/etc/linkedin-auto/config.yaml`` or ``$LINKEDIN_AUTO_CONFIG``), defaults below.
Every default is documented in ``docs/configuration.md``; keep the two in step.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)

DEFAULT_CONFIG_FILE = Path("/etc/linkedin-auto/config.yaml")
ENV_PREFIX = "LINKEDIN_AUTO_"
BOTS = ("birthday", "visitor", "invitations")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}") from None
    return name


TEMPLATE_FIELDS = ("first_name", "last_name", "full_name", "days_late")


def check_template(text: str) -> None:
    """Reject templates with unknown ``{placeholders}`` before they reach a recipient."""
    for name in re.findall(r"{([^{}]*)}", text):
        if name not in TEMPLATE_FIELDS:
            raise ValueError(
                f"unknown placeholder {{{name}}} (allowed: {', '.join(TEMPLATE_FIELDS)})"
            )
    if not text.strip():
        raise ValueError("template is empty")


# An IANA zone name such as "Europe/Paris", refused with the reason when unknown.
TimeZoneName = Annotated[str, AfterValidator(check_timezone)]


def not_a_boolean(value: Any) -> Any:
    """YAML reads ``yes``/``true`` as booleans, and Python counts them as 1 and 0: a quota of
    ``true`` is a mistake to refuse, not a limit of one."""
    if isinstance(value, bool):
        raise ValueError("must be a number, not true/false")
    return value


# A run type's hard time limit, in seconds: up to a day.
TimeoutSeconds = Annotated[int, BeforeValidator(not_a_boolean), Field(ge=1, le=24 * 3600)]


def refuse_fields(model: BaseModel, problems: Sequence[tuple[Sequence[str], str]]) -> None:
    """Raise one error per field named in ``problems`` (``(fields, reason)`` pairs): a rule
    across fields (a minimum above its maximum) is reported at each field it involves, so that
    a form marks those fields, rather than at the section that holds them."""
    details = [
        InitErrorDetails(type=PydanticCustomError("value_error", "{reason}", {"reason": reason}),
                         loc=(name,), input=getattr(model, name))
        for fields, reason in problems for name in fields
    ]
    if details:
        raise ValidationError.from_exception_data(type(model).__name__, details)


def _hhmm(t: time) -> str:
    return t.strftime("%H:%M:%S" if t.second else "%H:%M")


class Section(BaseModel):
    # Unknown keys are typos more often than not: refuse them with their path. Numbers must be
    # finite (YAML's .inf and .nan are refused).
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _numbers_are_not_booleans(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name and cls.model_fields[info.field_name].annotation in (int, float):
            return not_a_boolean(value)
        return value


class PathsSettings(Section):
    state_dir: Path = Path("/var/lib/linkedin-auto")
    secrets_file: Path = Path("/etc/linkedin-auto/secrets.env")
    updater_dir: Path = Path("/opt/linkedin-auto/updater")
    # Where the services write their logs as files (``*.log``), for machines without journald
    # (``make demo``): the System page's log panel reads them. Empty on a device: journald.
    log_dir: Path | None = None

    @property
    def db_file(self) -> Path:
        return self.state_dir / "linkedin.db"

    @property
    def backups_dir(self) -> Path:
        return self.state_dir / "backups"

    @property
    def screenshots_dir(self) -> Path:
        return self.state_dir / "screenshots"

    @property
    def browser_dir(self) -> Path:
        return self.state_dir / "browser"

    @property
    def setup_code_file(self) -> Path:
        return self.state_dir / "setup-code"

    @property
    def updates_dir(self) -> Path:
        return self.state_dir / "updates"


class ServerSettings(Section):
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=1, le=65535)
    # Set when the dashboard is served over HTTPS by a reverse proxy.
    secure_cookies: bool = False
    session_hours: int = Field(24 * 14, ge=1, le=24 * 365)


class RedisSettings(Section):
    url: str = "unix:///run/redis/redis-server.sock"

    @field_validator("url")
    @classmethod
    def _scheme(cls, v: str) -> str:
        if not re.match(r"^(redis|rediss|unix)://", v):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return v


class LinkedInSettings(Section):
    base_url: str = "https://www.linkedin.com"

    @field_validator("base_url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not re.match(r"^https?://[^/\s]+", v):
            raise ValueError("must be an http(s) URL")
        return v.rstrip("/")


class BrowserSettings(Section):
    # Empty: auto-detected (chromium-headless-shell, then chromium).
    executable_path: str = ""
    headless: bool = True
    navigation_timeout_seconds: float = Field(45, gt=0, le=300)
    extra_args: list[str] = Field(default_factory=list)
    # Skip images, media and fonts: less memory and bandwidth on a Pi; the bots never need them.
    block_resources: bool = True


class WorkingHours(Section):
    enabled: bool = True
    start: time = time(9, 0)
    end: time = time(20, 0)
    days: list[Weekday] = Field(
        default_factory=lambda: list(WEEKDAYS)
    )

    @model_validator(mode="after")
    def _order(self) -> WorkingHours:
        if self.start >= self.end:
            refuse_fields(self, [(("start", "end"), "working hours must start before they end"
                                  f" (start {_hhmm(self.start)}, end {_hhmm(self.end)})")])
        return self


class Quota(Section):
    daily: int = Field(ge=0, le=1000)
    weekly: int = Field(ge=0, le=7000)

    @model_validator(mode="after")
    def _consistent(self) -> Quota:
        if self.daily > self.weekly:
            refuse_fields(self, [(("daily", "weekly"), f"the daily limit ({self.daily}) must not"
                                  f" exceed the weekly limit ({self.weekly})")])
        return self


class LimitsSettings(Section):
    """Sliding-window quotas per action type. Conservative community figures: see docs/bots.md."""

    messages: Quota = Quota(daily=15, weekly=60)
    profile_views: Quota = Quota(daily=40, weekly=200)
    accepts: Quota = Quota(daily=25, weekly=100)
    ignores: Quota = Quota(daily=25, weekly=100)
    withdrawals: Quota = Quota(daily=15, weekly=60)


class WarmupSettings(Section):
    enabled: bool = True
    days: int = Field(14, ge=1, le=90)
    # Share of each quota allowed on day one, rising linearly to 100% after `days`.
    start_fraction: float = Field(0.25, gt=0, le=1)


class DelaySettings(Section):
    """Human-like pauses between actions, in seconds (uniformly random in [min, max])."""

    min_seconds: float = Field(4.0, ge=0, le=3600)
    max_seconds: float = Field(12.0, ge=0, le=3600)
    typing_min_ms: int = Field(40, ge=0, le=5000)
    typing_max_ms: int = Field(140, ge=0, le=5000)

    @model_validator(mode="after")
    def _order(self) -> DelaySettings:
        problems: list[tuple[Sequence[str], str]] = []
        if self.min_seconds > self.max_seconds:
            problems.append((("min_seconds", "max_seconds"),
                             f"the minimum delay ({self.min_seconds:g} s) must not exceed the"
                             f" maximum ({self.max_seconds:g} s)"))
        if self.typing_min_ms > self.typing_max_ms:
            problems.append((("typing_min_ms", "typing_max_ms"),
                             f"the minimum typing delay ({self.typing_min_ms} ms) must not"
                             f" exceed the maximum ({self.typing_max_ms} ms)"))
        refuse_fields(self, problems)
        return self


class SafetySettings(Section):
    # A warning sign (limit popup, error toast, too-many-requests, checkpoint) pauses every bot.
    cooldown_hours: float = Field(24, ge=1, le=24 * 14)


def check_language(code: str) -> str:
    code = code.strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}", code):
        raise ValueError(f"{code!r} is not a language code: use a 2-letter ISO 639 code such as"
                         " en, fr, de")
    return code


# An ISO 639 language code ("en", "fr"), lower-cased.
LanguageCode = Annotated[str, AfterValidator(check_language)]


class TemplatePool(Section):
    """The wishes of one language: for today's birthdays and for belated ones."""

    today: list[str] = Field(default_factory=list)
    belated: list[str] = Field(default_factory=list)

    @field_validator("today", "belated")
    @classmethod
    def _placeholders(cls, v: list[str]) -> list[str]:
        for t in v:
            check_template(t)
        return v


DEFAULT_TEMPLATES: dict[str, dict[str, list[str]]] = {
    "en": {
        "today": [
            "Happy birthday, {first_name}! Wishing you a great year ahead.",
            "Happy birthday {first_name}! All the best for the year to come.",
        ],
        "belated": [
            "Happy belated birthday, {first_name}! I hope it was a great day.",
            "A belated happy birthday, {first_name}! All the best for the year ahead.",
        ],
    },
    "fr": {
        "today": [
            "Joyeux anniversaire {first_name} !",
            "Bon anniversaire {first_name}, je te souhaite une belle année !",
        ],
        "belated": [
            "Joyeux anniversaire avec un peu de retard, {first_name} !",
        ],
    },
}
# Keys of the flat layout used before templates were kept per language.
LEGACY_TEMPLATE_KEYS = ("belated_templates", "templates_by_language")


def upgrade_birthday_templates(data: dict[str, Any]) -> dict[str, Any]:
    """Convert the flat template layout (``templates`` and ``belated_templates`` lists,
    ``templates_by_language`` with ``fr`` / ``fr-belated`` keys) to one pool per language.

    The flat lists become the pool of ``default_language``; a missing list keeps that
    language's default. A document already in the per-language layout is returned as is.
    """
    flat = isinstance(data.get("templates"), list)
    if not flat and not any(k in data for k in LEGACY_TEMPLATE_KEYS):
        return data
    out = {k: v for k, v in data.items() if k not in LEGACY_TEMPLATE_KEYS}
    lang = str(out.get("default_language") or "en").strip().lower()
    pools: dict[str, Any] = {k: dict(v) if isinstance(v, dict) else v
                             for k, v in (data["templates"] if not flat and isinstance(
                                 data.get("templates"), dict) else {}).items()}
    pool = pools.setdefault(lang, {})
    if flat:
        pool["today"] = data["templates"]
    if "belated_templates" in data:
        pool["belated"] = data["belated_templates"]
    for kind in ("today", "belated"):
        pool.setdefault(kind, list(DEFAULT_TEMPLATES.get(lang, {}).get(kind, [])))
    by_language = data.get("templates_by_language") or {}
    if isinstance(by_language, dict):
        for key, texts in by_language.items():
            code, _, suffix = str(key).partition("-")
            kind = "belated" if suffix == "belated" else "today"
            pools.setdefault(code.lower(), {})[kind] = texts
    out["templates"] = pools
    return out


def upgrade_document(doc: dict[str, Any]) -> dict[str, Any]:
    """A config document with every older layout converted (today: the birthday templates)."""
    bots = doc.get("bots")
    birthday = bots.get("birthday") if isinstance(bots, dict) else None
    if not isinstance(birthday, dict):
        return doc
    upgraded = upgrade_birthday_templates(birthday)
    if upgraded is birthday:
        return doc
    return {**doc, "bots": {**bots, "birthday": upgraded}}  # type: ignore[dict-item]


class BirthdayBot(Section):
    enabled: bool = True
    today: bool = True
    belated: bool = True
    max_days_late: int = Field(3, ge=0, le=30)
    max_per_run: int = Field(10, ge=1, le=100)
    # The language of a contact whose language is neither set nor read on their card.
    default_language: LanguageCode = "en"
    templates: dict[LanguageCode, TemplatePool] = Field(
        default_factory=lambda: {k: TemplatePool(**v) for k, v in DEFAULT_TEMPLATES.items()}
    )
    template_repeat_years: int = Field(2, ge=0, le=10)
    blacklist: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        return upgrade_birthday_templates(data) if isinstance(data, dict) else data

    @model_validator(mode="after")
    def _default_pool(self) -> BirthdayBot:
        pool = self.templates.get(self.default_language)
        missing = [k for k in ("today", "belated") if not pool or not getattr(pool, k)]
        if missing:
            raise ValueError(
                f"templates.{self.default_language} needs at least one template for "
                + " and ".join(missing) + f": it is the default language ({self.default_language})"
            )
        return self


Network = Literal["F", "S", "O"]


class VisitorBot(Section):
    enabled: bool = True
    keywords: str = ""
    title: str = ""
    # Numeric LinkedIn ids only: LinkedIn ignores free-text geo/company values.
    geo_urns: list[str] = Field(default_factory=list)
    network: list[Network] = Field(default_factory=lambda: list[Network](["S", "O"]))
    max_per_run: int = Field(15, ge=1, le=100)
    max_pages: int = Field(3, ge=1, le=20)
    dwell_min_seconds: float = Field(8, ge=0, le=600)
    dwell_max_seconds: float = Field(25, ge=0, le=600)
    revisit_days: int = Field(90, ge=0, le=3650)
    blacklist: list[str] = Field(default_factory=list)

    @field_validator("geo_urns")
    @classmethod
    def _numeric_geo(cls, v: list[str]) -> list[str]:
        for item in v:
            if not re.match(r"^(?:urn:li:(?:fs_)?geo:)?\d{1,20}$", item.strip()):
                raise ValueError(
                    f"{item!r} is not a numeric LinkedIn geo id (e.g. 103644278): LinkedIn"
                    " silently ignores free-text locations"
                )
        return v


class AcceptRules(Section):
    enabled: bool = True
    min_mutual: int = Field(1, ge=0, le=1000)
    include_keywords: list[str] = Field(default_factory=list)
    exclude_keywords: list[str] = Field(default_factory=list)


class IgnoreRules(Section):
    # Off by default: ignoring is irreversible, leaving an invitation pending is not.
    enabled: bool = False
    exclude_keywords: list[str] = Field(default_factory=list)


class WithdrawRules(Section):
    enabled: bool = True
    older_than_days: int = Field(30, ge=1, le=365)
    max_per_run: int = Field(10, ge=1, le=100)


class InvitationsBot(Section):
    enabled: bool = True
    accept: AcceptRules = AcceptRules()
    ignore: IgnoreRules = IgnoreRules()
    withdraw: WithdrawRules = WithdrawRules()
    max_per_run: int = Field(20, ge=1, le=100)
    blacklist: list[str] = Field(default_factory=list)


class BotsSettings(Section):
    birthday: BirthdayBot = BirthdayBot()
    visitor: VisitorBot = VisitorBot()
    invitations: InvitationsBot = InvitationsBot()


class JobsSettings(Section):
    """Hard timeouts per run type, in seconds: the worker kills a run that exceeds them."""

    timeout_seconds: dict[str, TimeoutSeconds] = Field(
        default_factory=lambda: {"birthday": 3600, "visitor": 3600, "invitations": 2400,
                                 "doctor": 120, "backup": 600}
    )
    # On SIGTERM the worker asks the running job to stop, then kills it after this long.
    # Keep it below the worker unit's TimeoutStopSec.
    stop_grace_seconds: float = Field(20, gt=0, le=600)


NotificationEvent = Literal[
    "session_expired", "checkpoint", "run_failed", "limit_reached", "daily_summary", "test"
]


class NotificationsSettings(Section):
    urls: list[str] = Field(default_factory=list)
    events: list[NotificationEvent] = Field(
        default_factory=lambda: list[NotificationEvent](
            ["session_expired", "checkpoint", "run_failed", "limit_reached", "daily_summary"]
        )
    )
    daily_summary_time: time = time(20, 30)
    # Where the dashboard is reached: notifications link to its pages (the sign-in page).
    dashboard_url: str = "http://linkedin-auto.local"

    @field_validator("dashboard_url")
    @classmethod
    def _dashboard_url(cls, v: str) -> str:
        parts = urlsplit(v)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("must be an http:// or https:// address,"
                             " e.g. http://linkedin-auto.local")
        return v.rstrip("/")


class BackupSettings(Section):
    keep: int = Field(7, ge=1, le=365)


DEFAULT_FEED_URL = "https://releases.linkedin-auto.org/feed.json"


class UpdatesSettings(Section):
    feed_url: str = Field(DEFAULT_FEED_URL, pattern=r"^https?://[^\s]+$", max_length=2000)
    channel: Literal["stable", "beta"] = "stable"
    bot_wait_minutes: int = Field(15, ge=0, le=240)


class LoggingSettings(Section):
    level: Literal["debug", "info", "warning", "error"] = "info"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        extra="forbid",
        validate_assignment=True,
    )

    timezone: TimeZoneName = "UTC"
    paths: PathsSettings = PathsSettings()
    server: ServerSettings = ServerSettings()
    redis: RedisSettings = RedisSettings()
    linkedin: LinkedInSettings = LinkedInSettings()
    browser: BrowserSettings = BrowserSettings()
    working_hours: WorkingHours = WorkingHours()
    limits: LimitsSettings = LimitsSettings()
    warmup: WarmupSettings = WarmupSettings()
    delays: DelaySettings = DelaySettings()
    safety: SafetySettings = SafetySettings()
    bots: BotsSettings = BotsSettings()
    jobs: JobsSettings = JobsSettings()
    notifications: NotificationsSettings = NotificationsSettings()
    backup: BackupSettings = BackupSettings()
    updates: UpdatesSettings = UpdatesSettings()
    logging: LoggingSettings = LoggingSettings()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        path = config_file_path()
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if path.is_file():
            sources.append(YamlConfigSettingsSource(settings_cls, yaml_file=path))
        return tuple(sources)


def config_file_path() -> Path:
    return Path(os.environ.get(f"{ENV_PREFIX}CONFIG", str(DEFAULT_CONFIG_FILE)))


# A field path: dotted (``limits.messages.daily``) or, to name a list item by its index as
# pydantic does, the parts themselves (``("notifications", "urls", 2)``).
ConfigLoc = str | tuple[str | int, ...]


def loc_text(loc: ConfigLoc) -> str:
    return loc if isinstance(loc, str) else ".".join(str(p) for p in loc)


class ConfigError(ValueError):
    """An invalid configuration, with one ``(field path, reason)`` pair per problem."""

    def __init__(self, errors: Sequence[tuple[ConfigLoc, str]]):
        self.errors = list(errors)
        super().__init__("; ".join(f"{loc_text(loc)}: {msg}" for loc, msg in errors))


def _errors(exc: ValidationError) -> list[tuple[str, str]]:
    return [(".".join(str(p) for p in e["loc"]) or "(root)", e["msg"]) for e in exc.errors()]


def load_settings(**overrides: Any) -> Settings:
    """Load from env + YAML file; raises ConfigError naming each bad field."""
    path = config_file_path()
    if path.is_file():
        try:
            data = yaml.safe_load(path.read_text()) or {}
        except yaml.YAMLError as exc:
            raise ConfigError([("(file)", f"{path}: not valid YAML: {exc}")]) from None
        if not isinstance(data, dict):
            raise ConfigError([("(file)", f"{path}: top level must be a mapping")])
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(_errors(exc)) from None


def validate_document(data: Any) -> Settings:
    """Validate a user-supplied config document (API or CLI) without touching the env or file."""
    if not isinstance(data, dict):
        raise ConfigError([("(root)", "must be a mapping of sections")])
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_errors(exc)) from None
