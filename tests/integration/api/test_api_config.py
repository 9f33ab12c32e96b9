"""GET/PUT /api/config: validation before write, atomic file, history, masked secrets."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
import yaml
from api_kit import ApiServer


def test_invalid_update_changes_nothing_and_names_the_field(admin: httpx.Client) -> None:
    config = Path(os.environ["LINKEDIN_AUTO_CONFIG"])
    before_bytes = config.read_bytes()
    before = admin.get("/api/config").json()
    r = admin.put("/api/config", json={"limits": {"messages": {"daily": 500, "weekly": 100}},
                                       "bots": {"birthday": {"templates": {
                                           "en": {"today": ["Hi {nickname}"]}}}}})
    assert r.status_code == 422
    errors = {".".join(e["loc"]): e["msg"] for e in r.json()["detail"]}
    assert "the daily limit (500) must not exceed the weekly limit (100)" in errors[
        "limits.messages.daily"]
    assert errors["limits.messages.weekly"] == errors["limits.messages.daily"]
    assert "unknown placeholder {nickname}" in errors["bots.birthday.templates.en.today"]
    r = admin.put("/api/config", json={"warmup": {"days": "ten"}})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["warmup", "days"]
    # Installation keys cannot be changed over HTTP (sent back unchanged, they are accepted).
    r = admin.put("/api/config", json={"browser": {"executable_path": "/tmp/evil"},
                                       "linkedin": {"base_url": "https://evil.example"}})
    assert r.status_code == 422
    assert {".".join(e["loc"]) for e in r.json()["detail"]} == {
        "browser.executable_path", "linkedin.base_url"}
    r = admin.put("/api/config", json={"limitz": {}})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["limitz"]
    assert config.read_bytes() == before_bytes
    assert admin.get("/api/config").json() == before
    assert admin.get("/api/config/history").json() == []


def test_update_is_written_atomically_with_history(admin: httpx.Client) -> None:
    config = Path(os.environ["LINKEDIN_AUTO_CONFIG"])
    original = config.read_text()
    same = admin.get("/api/config").json()["config"]
    r = admin.put("/api/config", json={"server": same["server"], "paths": same["paths"]})
    assert r.status_code == 200, r.text
    assert config.read_text() == original  # nothing to change
    for daily in (3, 4, 5):
        r = admin.put("/api/config", json={"limits": {"messages": {"daily": daily}}})
        assert r.status_code == 200, r.text
        assert r.json()["config"]["limits"]["messages"] == {"daily": daily, "weekly": 60}
    doc = yaml.safe_load(config.read_text())
    assert doc["timezone"] == "UTC"  # the rest of the file is kept
    assert doc["limits"]["messages"]["daily"] == 5
    assert admin.get("/api/config").json()["config"]["limits"]["messages"]["daily"] == 5
    # No temp file left beside it.
    assert [p.name for p in config.parent.iterdir() if p.name.startswith(".config")] == []
    history = admin.get("/api/config/history").json()
    assert [h["source"] for h in history] == ["api", "api", "api", "file"]
    assert history[-1]["content"] == original
    assert "daily: 4" in history[1]["content"]
    # `null` returns a key to its default.
    r = admin.put("/api/config", json={"limits": None})
    assert r.json()["config"]["limits"]["messages"]["daily"] == 15
    for i in range(12):
        admin.put("/api/config", json={"backup": {"keep": i + 1}})
    assert len(admin.get("/api/config/history").json()) == 10


def test_secrets_are_masked_and_masked_values_keep_the_stored_ones(admin: httpx.Client) -> None:
    config = Path(os.environ["LINKEDIN_AUTO_CONFIG"])
    urls = ["ntfy://tok3nsecret@ntfy.example/topic", "json://user:pa55word@127.0.0.1:9/"]
    r = admin.put("/api/config", json={"notifications": {"urls": urls}})
    assert r.status_code == 200
    masked = r.json()["config"]["notifications"]["urls"]
    assert [m.split("****")[0] for m in masked] == ["ntfy://", "json://"]
    text = admin.get("/api/config").text + admin.get("/api/config/history").text
    assert "tok3nsecret" not in text and "pa55word" not in text
    # The dashboard sends the document back as it got it, plus one more URL.
    r = admin.put("/api/config", json={"notifications": {"urls": [*masked, "mailto://a:b@example.com"]}})
    assert r.status_code == 200
    assert yaml.safe_load(config.read_text())["notifications"]["urls"] == [*urls, "mailto://a:b@example.com"]
    r = admin.put("/api/config", json={"notifications": {"urls": ["ntfy://****abcdef"]}})
    assert r.status_code == 422 and "matches no stored value" in r.json()["detail"][0]["msg"]


def test_env_override_is_visible(api: ApiServer, admin: httpx.Client) -> None:
    api.env["LINKEDIN_AUTO_WARMUP__DAYS"] = "7"
    api.restart()
    with api.client() as c:
        c.cookies.update(admin.cookies)
        body = c.get("/api/config").json()
    assert body["config"]["warmup"]["days"] == 7
    assert "warmup.days" in body["env_overrides"]
    assert body["file"] == os.environ["LINKEDIN_AUTO_CONFIG"]


def test_schema_describes_the_settings(admin: httpx.Client) -> None:
    schema = admin.get("/api/config/schema").json()
    assert "limits" in schema["properties"]
    assert "LimitsSettings" in schema["$defs"]


def test_absurd_numbers_are_refused_and_the_file_kept(admin: httpx.Client) -> None:
    config = Path(os.environ["LINKEDIN_AUTO_CONFIG"])
    before = config.read_bytes()
    r = admin.put("/api/config", json={"jobs": {"timeout_seconds": {"birthday": -10}},
                                       "limits": {"messages": {"daily": True}}})
    assert r.status_code == 422, r.text
    errors = {".".join(e["loc"]): e["msg"] for e in r.json()["detail"]}
    assert "greater than or equal to 1" in errors["jobs.timeout_seconds.birthday"]
    assert "not true/false" in errors["limits.messages.daily"]
    assert config.read_bytes() == before
    assert admin.get("/api/config").json()["config"]["limits"]["messages"]["daily"] == 15
    r = admin.put("/api/config", json={"jobs": {"timeout_seconds": {"birthday": 1800}}})
    assert r.status_code == 200, r.text
    assert r.json()["config"]["jobs"]["timeout_seconds"]["birthday"] == 1800


FLAT = {"timezone": "UTC", "bots": {"birthday": {
    "templates": ["Happy birthday, {first_name}!"],
    "belated_templates": ["Sorry I missed it, {first_name}."],
    "templates_by_language": {"fr": ["Joyeux anniversaire {first_name} !"],
                              "fr-belated": ["Bon anniversaire en retard !"]}}}}


@pytest.fixture
def flat_config(app_env: dict[str, str]) -> Path:
    """A config file in the layout from before templates were kept per language."""
    path = Path(app_env["LINKEDIN_AUTO_CONFIG"])
    path.write_text(yaml.safe_dump(FLAT, sort_keys=False))
    return path


def test_a_flat_template_file_keeps_working_and_is_converted_on_save(
    flat_config: Path, admin: httpx.Client
) -> None:
    pools = {"en": {"today": ["Happy birthday, {first_name}!"],
                    "belated": ["Sorry I missed it, {first_name}."]},
             "fr": {"today": ["Joyeux anniversaire {first_name} !"],
                    "belated": ["Bon anniversaire en retard !"]}}
    birthday = admin.get("/api/config").json()["config"]["bots"]["birthday"]
    assert birthday["default_language"] == "en"
    assert birthday["templates"] == pools
    assert "belated_templates" not in birthday
    assert flat_config.read_text() == yaml.safe_dump(FLAT, sort_keys=False)  # not rewritten

    r = admin.put("/api/config", json={"limits": {"messages": {"daily": 5, "weekly": 20}}})
    assert r.status_code == 200, r.text
    saved = yaml.safe_load(flat_config.read_text())
    assert saved["bots"]["birthday"] == {"templates": pools}
    assert saved["limits"]["messages"] == {"daily": 5, "weekly": 20}
    assert admin.get("/api/config").json()["config"]["bots"]["birthday"]["templates"] == pools


def test_a_rule_across_fields_is_reported_at_each_field(admin: httpx.Client) -> None:
    config = Path(os.environ["LINKEDIN_AUTO_CONFIG"])
    admin.put("/api/config", json={"delays": {"min_seconds": 1, "max_seconds": 12,
                                              "typing_min_ms": 40, "typing_max_ms": 140}})
    before = config.read_bytes()
    r = admin.put("/api/config", json={"delays": {"min_seconds": 20, "typing_min_ms": 400,
                                                  "typing_max_ms": 10},
                                       "working_hours": {"start": "17:00", "end": "09:00"}})
    assert r.status_code == 422
    errors = {".".join(e["loc"]): e["msg"] for e in r.json()["detail"]}
    delay = "the minimum delay (20 s) must not exceed the maximum (12 s)"
    typing = "the minimum typing delay (400 ms) must not exceed the maximum (10 ms)"
    hours = "working hours must start before they end (start 17:00, end 09:00)"
    assert errors == {"delays.min_seconds": delay, "delays.max_seconds": delay,
                      "delays.typing_min_ms": typing, "delays.typing_max_ms": typing,
                      "working_hours.start": hours, "working_hours.end": hours}
    assert config.read_bytes() == before
