"""`make demo` stays true: the whole stack starts, is ready, passes doctor and stops cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psutil

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
