"""Security building blocks with a manual clock and real SQLite files."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from linkedin_auto import config_store
from linkedin_auto.clock import ManualClock
from linkedin_auto.db.connection import Database, open_database
from linkedin_auto.security import passwords, ratelimit, sessions, setup, vault
from linkedin_auto.security.secrets import ensure_secrets, read_secrets
from linkedin_auto.settings import Settings, validate_document

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_database(tmp_path / "t.db")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return validate_document({"paths": {"state_dir": str(tmp_path / "state"),
                                        "secrets_file": str(tmp_path / "etc/secrets.env")}})


def test_strength_rules_name_the_failure() -> None:
    with pytest.raises(passwords.WeakPassword, match="at least 10"):
        passwords.check_strength("Abc-12345")
    with pytest.raises(passwords.WeakPassword, match="too common"):
        passwords.check_strength("Password123")
    with pytest.raises(passwords.WeakPassword, match="4 different"):
        passwords.check_strength("abababababab")
    passwords.check_strength("violet-Harbour-7")


def test_long_passwords_keep_every_character() -> None:
    base = "x" * 80
    hashed = passwords.hash_password(base + "1")
    assert passwords.verify_password(base + "1", hashed)
    assert not passwords.verify_password(base + "2", hashed)  # beyond bcrypt's 72 bytes
    assert not passwords.verify_password("anything", None)


def test_set_password_revokes_every_session(db: Database, clock: ManualClock) -> None:
    token = sessions.create_session(db, clock, hours=1, client="a")
    passwords.set_password(db, clock, "violet-Harbour-7")
    assert sessions.lookup_session(db, clock, token) is None
    with pytest.raises(passwords.WeakPassword):
        passwords.set_password(db, clock, "short")


def test_sessions_expire_and_csrf_is_bound(db: Database, clock: ManualClock) -> None:
    token = sessions.create_session(db, clock, hours=2, client="a")
    assert sessions.lookup_session(db, clock, token) is not None
    assert db.scalar("SELECT COUNT(*) FROM auth_sessions WHERE token_hash = ?", (token,)) == 0
    csrf = sessions.csrf_token("secret", token)
    assert sessions.csrf_ok("secret", token, csrf)
    assert not sessions.csrf_ok("other-secret", token, csrf)
    assert not sessions.csrf_ok("secret", token + "x", csrf)
    assert not sessions.csrf_ok("secret", token, None)
    clock.advance(timedelta(hours=2, seconds=1))
    assert sessions.lookup_session(db, clock, token) is None


def test_lockout_window(db: Database, clock: ManualClock) -> None:
    for _ in range(4):
        ratelimit.record_attempt(db, clock, "10.0.0.2", ok=False)
        clock.advance(timedelta(minutes=1))
    assert ratelimit.locked_until(db, clock, "10.0.0.2") is None
    ratelimit.record_attempt(db, clock, "10.0.0.2", ok=False)
    until = ratelimit.locked_until(db, clock, "10.0.0.2")
    assert until == T0 + timedelta(minutes=15)
    assert ratelimit.locked_until(db, clock, "10.0.0.3") is None  # per client
    clock.set(T0 + timedelta(minutes=15, seconds=1))
    assert ratelimit.locked_until(db, clock, "10.0.0.2") is None
    ratelimit.record_attempt(db, clock, "10.0.0.2", ok=True)
    ratelimit.record_attempt(db, clock, "10.0.0.2", ok=False)
    assert ratelimit.locked_until(db, clock, "10.0.0.2") is None


def test_secrets_file_is_private_and_never_rewritten(settings: Settings) -> None:
    first = ensure_secrets(settings)
    path = settings.paths.secrets_file
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert ensure_secrets(settings) == first
    assert "***" in repr(first) and first.vault_key not in repr(first)
    path.write_text(f"SESSION_SECRET={first.session_secret}\n")  # VAULT_KEY lost
    again = ensure_secrets(settings)
    assert again.session_secret == first.session_secret
    assert read_secrets(path)["VAULT_KEY"] == again.vault_key


def test_generated_vault_key_is_a_fernet_key(settings: Settings) -> None:
    from cryptography.fernet import Fernet

    f = Fernet(ensure_secrets(settings).vault_key.encode())
    assert f.decrypt(f.encrypt(b"li_at")) == b"li_at"


def test_setup_code_lifecycle(db: Database, settings: Settings, clock: ManualClock) -> None:
    code = setup.ensure_setup_code(db, settings, clock)
    assert code and setup.current_setup_code(settings) == code
    assert setup.ensure_setup_code(db, settings, clock) == code  # stable across restarts
    assert code not in json.dumps([dict(r) for r in db.query("SELECT * FROM admin")])
    with pytest.raises(setup.SetupError):
        setup.complete_setup(db, settings, clock, "WRONG-CODE-0000", "violet-Harbour-7")
    setup.complete_setup(db, settings, clock, code, "violet-Harbour-7")
    assert setup.current_setup_code(settings) is None
    assert setup.ensure_setup_code(db, settings, clock) is None
    with pytest.raises(setup.SetupError, match="already complete"):
        setup.complete_setup(db, settings, clock, code, "violet-Harbour-8")


def _export(**overrides: object) -> str:
    cookie = {"domain": "www.linkedin.com", "hostOnly": True, "name": "li_at",
              "value": "AQEDAR" + "v" * 40, "path": "/", "sameSite": "lax", "secure": True,
              "httpOnly": True, "expirationDate": (T0 + timedelta(days=30)).timestamp()}
    cookie.update(overrides)
    return json.dumps([cookie])


def test_cookie_export_mapping() -> None:
    norm = vault.normalise(_export(), T0)
    c = norm.storage_state["cookies"][0]
    assert (c["domain"], c["sameSite"], c["expires"]) == (
        "www.linkedin.com", "Lax", (T0 + timedelta(days=30)).timestamp())
    assert norm.expires_at == T0 + timedelta(days=30)
    c = vault.normalise(_export(hostOnly=False, domain="linkedin.com",
                                sameSite="no_restriction"), T0).storage_state["cookies"][0]
    assert (c["domain"], c["sameSite"]) == (".linkedin.com", "None")
    c = vault.normalise(_export(sameSite=None, session=True), T0).storage_state["cookies"][0]
    assert (c["sameSite"], c["expires"]) == ("Lax", -1)
    with pytest.raises(vault.SessionImportError, match="expired"):
        vault.normalise(_export(expirationDate=(T0 - timedelta(seconds=1)).timestamp()), T0)
    with pytest.raises(vault.SessionImportError, match="linkedin.com"):
        vault.normalise(_export(domain="linkedin.com.evil.example"), T0)


def test_vault_roundtrip_and_status(
    db: Database, clock: ManualClock, settings: Settings
) -> None:
    secrets = ensure_secrets(settings)
    with pytest.raises(vault.SessionMissing):
        vault.load_session(db, secrets)
    meta = vault.store_session(db, clock, secrets, _export(), vault.Identity(timezone_id="UTC"))
    assert meta["status"] == "unchecked"
    raw = db.scalar("SELECT encrypted FROM linkedin_session")
    assert "AQEDAR" not in raw  # encrypted at rest
    state, identity = vault.load_session(db, secrets)
    assert state["cookies"][0]["value"] == "AQEDAR" + "v" * 40
    assert identity.viewport.width == 1280
    vault.mark_status(db, clock, "checkpoint", "security verification page")
    meta = vault.session_metadata(db, clock)
    assert meta is not None and meta["status"] == "checkpoint"
    assert meta["last_validation"]["detail"] == "security verification page"
    with pytest.raises(ValueError):
        vault.mark_status(db, clock, "bogus")
    clock.advance(timedelta(days=31))
    assert vault.session_metadata(db, clock)["status"] == "expired"  # type: ignore[index]
    other = type(secrets)(secrets.session_secret, "A" * 43 + "=")
    with pytest.raises(vault.SessionMissing, match="VAULT_KEY"):
        vault.load_session(db, other)


def test_config_merge_and_masks(tmp_path: Path, db: Database, clock: ManualClock) -> None:
    merged = config_store.deep_merge({"a": {"b": 1, "c": 2}, "d": 3}, {"a": {"b": 5}, "d": None})
    assert merged == {"a": {"b": 5, "c": 2}}
    m1 = config_store.mask_url("ntfy://token@host/a")
    assert m1.startswith("ntfy://****") and "token" not in m1
    assert m1 != config_store.mask_url("ntfy://token@host/b")
    path = tmp_path / "config.yaml"
    path.write_text("timezone: UTC\n")
    os.chmod(path, 0o640)
    config_store.update_config(db, clock, {"bots": {"visitor": {"max_per_run": 5}}}, path=path)
    assert oct(path.stat().st_mode & 0o777) == "0o640"
    with pytest.raises(Exception, match="bots.visitor.max_per_run"):
        config_store.update_config(db, clock, {"bots": {"visitor": {"max_per_run": 0}}},
                                   path=path)
    assert "max_per_run: 5" in path.read_text()
