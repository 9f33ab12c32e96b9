"""`make demo` stays true: the whole stack starts, is ready, passes doctor and stops cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[3]


def _ours(marker: str) -> list[psutil.Process]:
    found = []
    for p in psutil.process_iter(["cmdline", "environ"]):
        try:
            text = " ".join(p.info["cmdline"] or [])
            env = p.info["environ"] or {}
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if p.pid != os.getpid() and (marker in text or marker in env.get("LINKEDIN_AUTO_CONFIG", "")):
            found.append(p)
    return found


def test_demo_smoke_starts_checks_and_stops_everything(tmp_path: Path) -> None:
    demo_dir = tmp_path / "demo"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINKEDIN_AUTO_")}
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo.py"), "--smoke", "--dir", str(demo_dir),
         "--port", "18080", "--contacts", "20"],
        env=env, capture_output=True, text=True, timeout=240, check=False,
    )
    text = out.stdout + out.stderr
    assert out.returncode == 0, text
    assert "Dashboard:  http://127.0.0.1:" in text
    assert "Setup code: " in text
    assert "sandbox session imported" in text
    for check in ("config", "database", "redis", "worker", "chromium", "secrets"):
        assert f"│ {check}" in text
    assert "All stopped." in text
    assert not _ours(str(demo_dir)), "processes left behind"
    for name in ("redis", "sandbox", "api", "worker"):
        assert (demo_dir / "logs" / f"{name}.log").is_file()
    # The vault holds the sandbox session; nothing secret leaked into the logs.
    token = "AQED"
    assert not any(token in (demo_dir / "logs" / f).read_text()
                   for f in ("api.log", "worker.log"))


def _demo_module():  # type: ignore[no-untyped-def]
    import importlib.util

    spec = importlib.util.spec_from_file_location("demo_script", ROOT / "scripts" / "demo.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_demo_keeps_settings_saved_in_the_dashboard_across_restarts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml
    from linkedin_auto.clock import SystemClock
    from linkedin_auto.config_store import update_config
    from linkedin_auto.db.connection import open_database
    from linkedin_auto.settings import load_settings

    demo = _demo_module()
    base = tmp_path / "demo"
    (base / "state").mkdir(parents=True)
    path = base / "config.yaml"
    demo.write_config(base, port=18080, redis_sock=base / "redis.sock",
                      sandbox_url="http://127.0.0.1:18090")
    first = yaml.safe_load(path.read_text())
    assert first["server"]["port"] == 18080 and first["working_hours"]["enabled"] is False
    assert first["paths"]["log_dir"] == str(base / "logs")

    # Saved from the dashboard: the API's own writer, as the Settings page uses it.
    for key in list(os.environ):
        if key.startswith("LINKEDIN_AUTO_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("LINKEDIN_AUTO_CONFIG", str(path))
    db = open_database(base / "state" / "linkedin.db")
    update_config(db, SystemClock(), {"limits": {"messages": {"daily": 7}},
                                      "timezone": "Europe/Paris",
                                      "working_hours": {"enabled": True}},
                  effective=load_settings())
    db.close()
    saved = path.read_text()

    # Restarted with the same ports: the file is not touched at all.
    demo.write_config(base, port=18080, redis_sock=base / "redis.sock",
                      sandbox_url="http://127.0.0.1:18090")
    assert path.read_text() == saved
    # Restarted on other ports: only the machine's keys change.
    demo.write_config(base, port=18081, redis_sock=base / "other.sock",
                      sandbox_url="http://127.0.0.1:18091")
    doc = yaml.safe_load(path.read_text())
    assert doc["limits"]["messages"]["daily"] == 7
    assert doc["timezone"] == "Europe/Paris" and doc["working_hours"]["enabled"] is True
    assert doc["delays"]["max_seconds"] == 1.5  # the demo's own first values stay too
    assert doc["server"]["port"] == 18081
    assert doc["redis"]["url"] == f"unix://{base / 'other.sock'}"
    assert doc["linkedin"]["base_url"] == "http://127.0.0.1:18091"
    assert doc["notifications"]["dashboard_url"] == "http://127.0.0.1:18081"
    assert load_settings().limits.messages.daily == 7  # still a valid settings file

    path.write_text("limits: [unclosed\n")
    with pytest.raises(RuntimeError, match="not valid YAML"):
        demo.write_config(base, port=18081, redis_sock=base / "other.sock", sandbox_url=None)
    assert path.read_text() == "limits: [unclosed\n"  # never replaced by the demo's defaults
