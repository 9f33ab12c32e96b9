"""Settings: defaults, YAML file, env overrides, and errors that name the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from linkedin_auto.settings import (
    ConfigError,
    check_template,
    load_settings,
    validate_document,
)


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.yaml"
    monkeypatch.setenv("LINKEDIN_AUTO_CONFIG", str(path))
    for key in list(__import__("os").environ):
        if key.startswith("LINKEDIN_AUTO_") and key != "LINKEDIN_AUTO_CONFIG":
            monkeypatch.delenv(key)
    return path


def test_defaults_without_a_file(config_file: Path) -> None:
    s = load_settings()
    assert s.paths.state_dir == Path("/var/lib/linkedin-auto")
    assert s.paths.db_file == Path("/var/lib/linkedin-auto/linkedin.db")
    assert s.linkedin.base_url == "https://www.linkedin.com"
    assert s.limits.messages.daily <= s.limits.messages.weekly


def test_yaml_file_then_env_override(config_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config_file.write_text(
        "timezone: Europe/Paris\nserver:\n  port: 8081\nlinkedin:\n  base_url: http://127.0.0.1:9/\n"
    )
    s = load_settings()
    assert (s.timezone, s.server.port, s.linkedin.base_url) == (
        "Europe/Paris", 8081, "http://127.0.0.1:9"
    )
    monkeypatch.setenv("LINKEDIN_AUTO_SERVER__PORT", "9090")
    assert load_settings().server.port == 9090


def test_invalid_file_names_each_field(config_file: Path) -> None:
    config_file.write_text(
        "timezone: Mars/Olympus\nlimits:\n  messages: {daily: 50, weekly: 10}\nbogus: 1\n"
    )
    with pytest.raises(ConfigError) as exc:
        load_settings()
    fields = dict(exc.value.errors)
    assert "unknown time zone" in fields["timezone"]
    assert "must not exceed the weekly limit" in fields["limits.messages.daily"]
    assert "must not exceed the weekly limit" in fields["limits.messages.weekly"]
    assert "bogus" in fields


def test_yaml_syntax_error_is_reported(config_file: Path) -> None:
    config_file.write_text("server: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_settings()


def test_validate_document_rejects_unknown_placeholder() -> None:
    with pytest.raises(ConfigError) as exc:
        validate_document({"bots": {"birthday": {"templates": {
            "fr": {"today": ["Salut {frist_name} !"]}}}}})
    (loc, msg), = exc.value.errors
    assert loc == "bots.birthday.templates.fr.today"
    assert "{frist_name}" in msg
    # The flat layout of older files is checked the same way, in the default language's pool.
    with pytest.raises(ConfigError) as exc:
        validate_document({"bots": {"birthday": {"templates": ["Hi {frist_name}!"]}}})
    assert exc.value.errors[0][0] == "bots.birthday.templates.en.today"


def test_templates_per_language_and_their_default() -> None:
    b = validate_document({"bots": {"birthday": {"default_language": "FR", "templates": {
        "fr": {"today": ["Joyeux anniversaire {first_name} !"], "belated": ["En retard !"]}}}}}
    ).bots.birthday
    assert b.default_language == "fr"
    assert b.templates["fr"].belated == ["En retard !"]
    assert set(b.templates) == {"fr"}  # a file that lists templates lists every language
    with pytest.raises(ConfigError) as exc:
        validate_document({"bots": {"birthday": {"default_language": "de"}}})
    (loc, msg), = exc.value.errors
    assert loc == "bots.birthday" and "templates.de needs at least one template" in msg
    with pytest.raises(ConfigError) as exc:
        validate_document({"bots": {"birthday": {"templates": {"english": {"today": ["Hi"]}}}}})
    assert "'english' is not a language code" in exc.value.errors[0][1]


def test_flat_template_lists_are_converted_to_the_default_language() -> None:
    b = validate_document({"bots": {"birthday": {
        "default_language": "fr",
        "templates": ["Joyeux anniversaire, {first_name} !"],
        "templates_by_language": {"en": ["Happy birthday!"], "en-belated": ["Belated!"]},
    }}}).bots.birthday
    assert b.templates["fr"].today == ["Joyeux anniversaire, {first_name} !"]
    assert b.templates["fr"].belated  # not in the file: the French default
    assert b.templates["en"].today == ["Happy birthday!"]
    assert b.templates["en"].belated == ["Belated!"]


def test_template_check_accepts_known_fields() -> None:
    check_template("Happy belated birthday {first_name}, {days_late} days late!")
    with pytest.raises(ValueError):
        check_template("   ")


@pytest.mark.parametrize(("doc", "field", "reason"), [
    ({"jobs": {"timeout_seconds": {"birthday": -10}}}, "jobs.timeout_seconds.birthday",
     "greater than or equal to 1"),
    ({"jobs": {"timeout_seconds": {"visitor": 10**9}}}, "jobs.timeout_seconds.visitor",
     "less than or equal to 86400"),
    ({"jobs": {"timeout_seconds": {"backup": True}}}, "jobs.timeout_seconds.backup",
     "not true/false"),
    ({"limits": {"messages": {"daily": True}}}, "limits.messages.daily", "not true/false"),
    ({"limits": {"messages": {"daily": -1, "weekly": 5}}}, "limits.messages.daily",
     "greater than or equal to 0"),
    ({"limits": {"profile_views": {"daily": 10, "weekly": 10**12}}},
     "limits.profile_views.weekly", "less than or equal to"),
    ({"delays": {"max_seconds": float("inf")}}, "delays.max_seconds", "finite"),
    ({"delays": {"min_seconds": float("nan")}}, "delays.min_seconds", "finite"),
    ({"warmup": {"days": False}}, "warmup.days", "not true/false"),
    ({"server": {"port": True}}, "server.port", "not true/false"),
    ({"bots": {"visitor": {"dwell_max_seconds": 10**6}}}, "bots.visitor.dwell_max_seconds",
     "less than or equal to"),
    ({"bots": {"invitations": {"accept": {"min_mutual": 10**9}}}},
     "bots.invitations.accept.min_mutual", "less than or equal to"),
    ({"browser": {"navigation_timeout_seconds": 0}}, "browser.navigation_timeout_seconds",
     "greater than 0"),
])
def test_numbers_are_bounded_and_booleans_are_not_numbers(doc: dict, field: str,
                                                          reason: str) -> None:
    with pytest.raises(ConfigError) as exc:
        validate_document(doc)
    errors = dict(exc.value.errors)
    assert field in errors, errors
    assert reason in errors[field], errors


def test_every_number_in_the_settings_has_an_upper_bound() -> None:
    from annotated_types import Le, Lt
    from linkedin_auto.settings import Settings
    from pydantic import BaseModel

    unbounded = []

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, f in model.model_fields.items():
            ann = f.annotation
            if isinstance(ann, type) and issubclass(ann, BaseModel):
                walk(ann, f"{prefix}{name}.")
            elif ann in (int, float) and not any(isinstance(m, Le | Lt) for m in f.metadata):
                unbounded.append(prefix + name)

    walk(Settings, "")
    assert unbounded == []


def test_env_strings_still_give_numbers(config_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINKEDIN_AUTO_WARMUP__DAYS", "7")
    monkeypatch.setenv("LINKEDIN_AUTO_DELAYS__MIN_SECONDS", "0.5")
    s = load_settings()
    assert s.warmup.days == 7 and s.delays.min_seconds == 0.5
