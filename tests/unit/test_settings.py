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
    assert "daily must not exceed weekly" in fields["limits.messages"]
    assert "bogus" in fields


def test_yaml_syntax_error_is_reported(config_file: Path) -> None:
    config_file.write_text("server: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_settings()


def test_validate_document_rejects_unknown_placeholder() -> None:
    with pytest.raises(ConfigError) as exc:
        validate_document({"bots": {"birthday": {"templates": ["Hi {frist_name}!"]}}})
    (loc, msg), = exc.value.errors
    assert loc == "bots.birthday.templates"
    assert "{frist_name}" in msg


def test_template_check_accepts_known_fields() -> None:
    check_template("Happy belated birthday {first_name}, {days_late} days late!")
    with pytest.raises(ValueError):
        check_template("   ")
