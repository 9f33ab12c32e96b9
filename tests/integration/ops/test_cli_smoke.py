"""The ``linkedin-auto`` command as a user runs it (subprocesses, real files, real Redis)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import redis as redis_lib
from linkedin_auto.clock import SystemClock, iso
from linkedin_auto.queue.enqueue import HEARTBEAT_KEY

CLI = str(Path(sys.executable).with_name("linkedin-auto"))


def cli(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, *args], env=env, capture_output=True, text=True, timeout=120,
                          input=stdin, check=False)


def test_help_lists_every_command(app_env: dict[str, str]) -> None:
    out = cli(app_env, "--help")
    assert out.returncode == 0
    for name in ("api", "worker", "db", "backup", "restore", "doctor", "setup-code",
                 "set-password", "run", "sandbox", "selectors", "config", "version"):
        assert f" {name} " in out.stdout, name
    sub = cli(app_env, "db", "--help")
    assert "migrate" in sub.stdout


def test_db_migrate_is_idempotent_and_refuses_a_newer_schema(app_env: dict[str, str],
                                                             state_dir: Path) -> None:
    first = cli(app_env, "db", "migrate")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("applied: 1 2")
    second = cli(app_env, "db", "migrate")
    assert (second.returncode, second.stdout.strip()) == (0, "up to date")
    conn = sqlite3.connect(state_dir / "linkedin.db")
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    too_new = cli(app_env, "db", "migrate")
    assert too_new.returncode == 1
    assert "schema is version 999" in too_new.stderr


def test_invalid_config_names_the_field(app_env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("server:\n  port: 70000\nbots:\n  birthday:\n    max_per_run: 0\n")
    out = cli(app_env, "config", "validate", str(bad))
    assert out.returncode == 2
    assert "server.port" in out.stderr and "bots.birthday.max_per_run" in out.stderr
    good = tmp_path / "good.yaml"
    good.write_text("timezone: Europe/Paris\n")
    assert cli(app_env, "config", "validate", str(good)).returncode == 0
    # A notification URL Apprise cannot use, named by its index, its token not echoed.
    urls = tmp_path / "urls.yaml"
    urls.write_text("notifications:\n  urls: ['json://127.0.0.1:9/', 'tgram://s3cret/chat']\n")
    out = cli(app_env, "config", "validate", str(urls))
    assert out.returncode == 2, out
    assert "notifications.urls.1: tgram://… is not a notification URL" in out.stderr
    assert "s3cret" not in out.stderr + out.stdout
    # The active config broken: every command says so, naming the field, exit 2.
    Path(app_env["LINKEDIN_AUTO_CONFIG"]).write_text("timezone: Nowhere/Land\n")
    out = cli(app_env, "db", "migrate")
    assert out.returncode == 2 and "timezone" in out.stderr and "Nowhere/Land" in out.stderr


def test_doctor_exit_codes(app_env: dict[str, str], state_dir: Path) -> None:
    assert cli(app_env, "db", "migrate").returncode == 0
    secrets = state_dir / "secrets.env"
    secrets.write_text("X=1\n")
    os.chmod(secrets, 0o600)
    r = redis_lib.Redis.from_url(app_env["LINKEDIN_AUTO_REDIS__URL"])
    r.set(HEARTBEAT_KEY, iso(SystemClock().now()), ex=60)
    ok = cli(app_env, "doctor", "--json")
    checks = {c["name"]: c for c in json.loads(ok.stdout)}
    assert ok.returncode == 0, checks
    assert all(c["ok"] for c in checks.values() if c["severity"] == "error")
    assert checks["database"]["detail"].startswith("integrity ok, WAL")
    table = cli(app_env, "doctor")
    assert table.returncode == 0 and "chromium" in table.stdout

    os.chmod(secrets, 0o644)
    loose = cli(app_env, "doctor", "--json")
    assert loose.returncode == 1
    assert "expected 0600" in {c["name"]: c for c in json.loads(loose.stdout)}["secrets"]["detail"]
    os.chmod(secrets, 0o600)

    no_redis = {**app_env, "LINKEDIN_AUTO_REDIS__URL": f"unix://{state_dir}/nothing.sock"}
    down = cli(no_redis, "doctor", "--json")
    assert down.returncode == 1
    got = {c["name"]: c for c in json.loads(down.stdout)}
    assert not got["redis"]["ok"] and not got["worker"]["ok"]


def test_backup_and_restore_commands(app_env: dict[str, str], state_dir: Path) -> None:
    assert cli(app_env, "db", "migrate").returncode == 0
    made = cli(app_env, "backup")
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.split(" (")[0])
    assert path.is_file() and path.parent == state_dir / "backups"
    restored = cli(app_env, "restore", str(path), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "previous database saved as" in restored.stdout
    junk = state_dir / "junk.db"
    junk.write_text("nope")
    refused = cli(app_env, "restore", str(junk), "--yes")
    assert refused.returncode == 1 and "refused" in refused.stderr
    unconfirmed = cli(app_env, "restore", str(path), stdin="n\n")
    assert unconfirmed.returncode != 0


def test_setup_code_then_password(app_env: dict[str, str]) -> None:
    first = cli(app_env, "setup-code")
    assert first.returncode == 0, first.stderr
    code = first.stdout.strip()
    assert len(code) >= 8
    assert cli(app_env, "setup-code").stdout.strip() == code  # stable until used
    weak = cli(app_env, "set-password", "--password-stdin", stdin="short\n")
    assert weak.returncode == 1 and "at least" in weak.stderr
    strong = cli(app_env, "set-password", "--password-stdin", stdin="correct horse battery 42\n")
    assert strong.returncode == 0, strong.stderr
    assert "correct horse" not in strong.stdout + strong.stderr
    after = cli(app_env, "setup-code")
    assert after.returncode == 1 and "already set" in after.stderr


def test_session_import_from_a_file_or_stdin_validates_like_the_api(
    app_env: dict[str, str], tmp_path: Path, state_dir: Path
) -> None:
    li_at = "AQEDARXtestVALUEnotREAL0123456789abcdefghijklmnop_-"
    bad = tmp_path / "nan.json"
    bad.write_text(json.dumps([{"name": "li_at", "value": li_at, "domain": ".linkedin.com",
                                "expirationDate": float("nan")}]))
    out = cli(app_env, "session", "import", str(bad))
    assert out.returncode == 1, out.stdout
    assert "content: " in out.stderr and "not a finite number" in out.stderr
    out = cli(app_env, "session", "import", "-", stdin="[" * 100_000)
    assert out.returncode == 1 and "nested deeper than" in out.stderr
    out = cli(app_env, "session", "import", "-", "--timezone-id", "Mars/Base", stdin=li_at)
    assert out.returncode == 1 and "timezone_id: " in out.stderr
    conn = sqlite3.connect(state_dir / "linkedin.db")
    assert conn.execute("SELECT COUNT(*) FROM linkedin_session").fetchone()[0] == 0
    good = tmp_path / "state.json"
    good.write_text(json.dumps({"cookies": [
        {"name": "li_at", "value": li_at, "domain": ".www.linkedin.com", "path": "/",
         "expires": 4102444800, "httpOnly": True, "secure": True, "sameSite": "None"}]}))
    out = cli(app_env, "session", "import", str(good), "--locale", "fr-FR")
    assert out.returncode == 0, out.stderr
    assert "storage_state" in out.stdout and li_at not in out.stdout + out.stderr
    row = conn.execute("SELECT source, identity FROM linkedin_session").fetchone()
    assert row[0] == "storage_state" and json.loads(row[1])["locale"] == "fr-FR"
    out = cli(app_env, "session", "import", "-", stdin=li_at)
    assert out.returncode == 0, out.stderr
    assert conn.execute("SELECT source FROM linkedin_session").fetchone()[0] == "li_at"
    conn.close()
