#!/usr/bin/env python3
"""`make demo`: the whole stack on this machine, against the local LinkedIn sandbox.

Starts, as child processes of this script, with their logs in <dir>/logs/:
  redis-server (private, unix socket in <dir>), the sandbox (if the package has it),
  the API + dashboard, the worker (which also runs the scheduler).
State (database, secrets, browser profile) lives in <dir>/state and survives restarts.
Ctrl-C stops everything; nothing is left running. Works headless (over SSH: forward the port).

--smoke: start everything, wait until /api/health?ready=1 answers 200, run `linkedin-auto
doctor` against it, stop everything, check no child survived; exit code = doctor's.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CLI = str(BIN / "linkedin-auto")


def say(msg: str) -> None:
    print(msg, flush=True)


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
        return True


def pick_port(preferred: int) -> int:
    for port in range(preferred, preferred + 50):
        if port_free(port):
            return port
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def local_timezone() -> str:
    try:
        name = Path("/etc/timezone").read_text().strip()
        if name and Path("/usr/share/zoneinfo", name).is_file():
            return name
    except OSError:
        pass
    return "UTC"


def http_get(url: str, timeout: float = 2.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return int(resp.status), resp.read()
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read()
    except (urllib.error.URLError, OSError):
        return 0, b""


class Stack:
    def __init__(self, base: Path):
        self.base = base
        self.logs = base / "logs"
        self.children: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.env = {**os.environ, "LINKEDIN_AUTO_CONFIG": str(base / "config.yaml")}
        # Settings come from the demo's file only, not from a caller's environment.
        for key in list(self.env):
            if key.startswith("LINKEDIN_AUTO_") and key != "LINKEDIN_AUTO_CONFIG":
                del self.env[key]

    def start(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        self.logs.mkdir(parents=True, exist_ok=True)
        log = (self.logs / f"{name}.log").open("ab")
        # Own process group: the terminal's Ctrl-C reaches this script only, which then stops
        # the children in order instead of all of them dying at once mid-write.
        proc = subprocess.Popen(argv, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        self.children.append((name, proc))
        return proc

    def check_alive(self) -> str | None:
        for name, proc in self.children:
            if proc.poll() is not None:
                return name
        return None

    def stop(self) -> list[int]:
        """Stop children in reverse start order; returns pids that would not die."""
        for name, proc in reversed(self.children):
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    say(f"  {name} did not stop in 30 s: killing it")
                    try:
                        os.killpg(proc.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    proc.wait(10)
            # Anything left in its process group (e.g. a browser) goes too.
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            from linkedin_auto.browser.processes import kill_strays

            kill_strays(self.base / "state" / "browser")
        except (ImportError, OSError) as exc:
            say(f"  could not check for browser processes: {exc}")
        return [p.pid for _, p in self.children if _alive(p.pid)]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is not alive
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def machine_settings(base: Path, *, port: int, redis_sock: Path,
                     sandbox_url: str | None) -> dict[str, Any]:
    """The settings that belong to this start of the demo (ports and sockets may change)."""
    doc: dict[str, Any] = {
        "paths": {"state_dir": str(base / "state"), "secrets_file": str(base / "secrets.env"),
                  # No journald unit here: the System page's log panel reads these files.
                  "log_dir": str(base / "logs")},
        "server": {"host": "127.0.0.1", "port": port},
        "redis": {"url": f"unix://{redis_sock}"},
        "notifications": {"dashboard_url": f"http://127.0.0.1:{port}"},
    }
    if sandbox_url:
        doc["linkedin"] = {"base_url": sandbox_url}
    return doc


def first_config(base: Path, machine: dict[str, Any]) -> str:
    m = machine
    lines = [
        "# Written by scripts/demo.py on its first start. Later starts update only the lines",
        "# that belong to the machine (paths, ports, the Redis socket, the sandbox's address);",
        "# everything else is yours, as saved from the dashboard.",
        f"timezone: {local_timezone()}",
        "paths:",
        f"  state_dir: {m['paths']['state_dir']}",
        f"  secrets_file: {m['paths']['secrets_file']}",
        f"  log_dir: {m['paths']['log_dir']}",
        "server:",
        f"  host: {m['server']['host']}",
        f"  port: {m['server']['port']}",
        "redis:",
        f"  url: {m['redis']['url']}",
        "notifications:   # links in notifications point at this dashboard",
        f"  dashboard_url: {m['notifications']['dashboard_url']}",
        "working_hours:",
        "  enabled: false   # the demo runs at any hour",
        "delays:",
        "  min_seconds: 0.5",
        "  max_seconds: 1.5",
        "  typing_min_ms: 5",
        "  typing_max_ms: 20",
        "bots:",
        "  visitor:   # the visitor needs a search; a short dwell for the demo",
        "    keywords: engineer OR manager OR founder",
        "    max_per_run: 5",
        "    dwell_min_seconds: 1",
        "    dwell_max_seconds: 3",
    ]
    if "linkedin" in m:
        lines += ["linkedin:", f"  base_url: {m['linkedin']['base_url']}"]
    return "\n".join(lines) + "\n"


def _merge(doc: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    out = dict(doc)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def write_config(base: Path, *, port: int, redis_sock: Path, sandbox_url: str | None) -> None:
    """The demo's config.yaml: written in full when absent; otherwise only the machine's own
    keys are brought up to date, so settings saved in the dashboard survive a restart. The file
    is not touched when those keys are already right."""
    import yaml

    path = base / "config.yaml"
    machine = machine_settings(base, port=port, redis_sock=redis_sock, sandbox_url=sandbox_url)
    if not path.exists():
        path.write_text(first_config(base, machine))
        return
    try:
        doc = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise RuntimeError(f"{path} is not valid YAML ({exc}): fix it, or delete it to start "
                           "from the demo's settings") from None
    if not isinstance(doc, dict):
        raise RuntimeError(f"{path} is not a settings document: fix it, or delete it")
    merged = _merge(doc, machine)
    if merged != doc:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(yaml.safe_dump(merged, sort_keys=False, allow_unicode=True))
        os.replace(tmp, path)


def log_tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def wait_until(pred: Any, timeout: float, what: str, stack: Stack) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        dead = stack.check_alive()
        if dead:
            raise RuntimeError(f"{dead} exited during start-up: see {stack.logs / dead}.log\n"
                               + log_tail(stack.logs / f"{dead}.log"))
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.2)


def import_sandbox_session(stack: Stack, sandbox_url: str) -> bool:
    """Store the sandbox's session cookie in the vault so the bots can run right away."""
    status, body = http_get(f"{sandbox_url}/__sandbox/login-cookie")
    if status != 200:
        return False
    value = json.loads(body)["value"]
    os.environ["LINKEDIN_AUTO_CONFIG"] = stack.env["LINKEDIN_AUTO_CONFIG"]
    from linkedin_auto.clock import SystemClock
    from linkedin_auto.db.connection import open_database
    from linkedin_auto.security.secrets import ensure_secrets
    from linkedin_auto.security.vault import Identity, store_session
    from linkedin_auto.settings import load_settings

    settings = load_settings()
    db = open_database(settings.paths.db_file)
    try:
        store_session(db, SystemClock(), ensure_secrets(settings), value,
                      Identity(timezone_id=settings.timezone))
    finally:
        db.close()
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--dir", type=Path, default=ROOT / ".demo", help="demo state directory")
    ap.add_argument("--port", type=int, default=8080, help="API port (next free one if taken)")
    ap.add_argument("--contacts", type=int, default=50, help="sandbox contacts")
    ap.add_argument("--smoke", action="store_true", help="start, check, stop (for tests)")
    args = ap.parse_args()

    base: Path = args.dir.resolve()
    (base / "state").mkdir(parents=True, exist_ok=True)
    (base / "redis").mkdir(exist_ok=True)
    redis_exe = shutil.which("redis-server")
    if not redis_exe:
        say("redis-server is not installed: run `make system-deps` first")
        return 2
    stack = Stack(base)
    stopping = {"flag": False}

    def on_signal(signum: int, frame: Any) -> None:
        stopping["flag"] = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    code = 0
    try:
        sock = base / "redis.sock"
        if len(str(sock)) > 100:  # unix socket paths are limited to 107 bytes
            import tempfile

            sock = Path(tempfile.mkdtemp(prefix="linkedin-auto-demo-")) / "redis.sock"
        sock.unlink(missing_ok=True)
        stack.start("redis", [redis_exe, "--port", "0", "--unixsocket", str(sock),
                              "--unixsocketperm", "700", "--dir", str(base / "redis"),
                              "--save", "", "--appendonly", "yes", "--maxmemory", "64mb"])
        wait_until(sock.exists, 15, "redis", stack)

        sandbox_url = None
        if importlib.util.find_spec("linkedin_auto.sandbox.server") is not None:
            sport = pick_port(8090)
            sandbox_url = f"http://127.0.0.1:{sport}"
            stack.start("sandbox", [CLI, "sandbox", "--host", "127.0.0.1", "--port", str(sport),
                                    "--contacts", str(args.contacts)])
            wait_until(lambda: http_get(f"{sandbox_url}/__sandbox/state")[0] == 200, 60,
                       "the sandbox", stack)
        port = pick_port(args.port)
        write_config(base, port=port, redis_sock=sock, sandbox_url=sandbox_url)
        url = f"http://127.0.0.1:{port}"
        # Migrated once before the services start, as the app role does on a device.
        migrated = subprocess.run([CLI, "db", "migrate"], env=stack.env, capture_output=True,
                                  text=True, check=False)
        if migrated.returncode != 0:
            raise RuntimeError(f"database migration failed: {migrated.stdout}{migrated.stderr}")
        stack.start("api", [CLI, "api", "--host", "127.0.0.1", "--port", str(port)])
        stack.start("worker", [CLI, "worker"])
        wait_until(lambda: http_get(f"{url}/api/health?ready=1")[0] == 200, 90,
                   "the API to be ready", stack)
        session = import_sandbox_session(stack, sandbox_url) if sandbox_url else False
        setup = subprocess.run([CLI, "setup-code"], env=stack.env, capture_output=True,
                               text=True, check=False)
        say("")
        say(f"LinkedIn Auto demo is running (state in {base})")
        say(f"  Dashboard:  {url}/")
        if setup.returncode == 0:
            say(f"  Setup code: {setup.stdout.strip()}  (first login: choose your password)")
        else:
            say("  Admin password already set (reset it: linkedin-auto set-password)")
        if sandbox_url:
            say(f"  Sandbox:    {sandbox_url}/feed/  (a local LinkedIn look-alike, "
                f"{args.contacts} contacts)")
            say("  Session:    " + ("sandbox session imported: the bots can run now"
                                    if session else "not imported (see logs/sandbox.log)"))
            say("  Sign in:    LinkedIn session > Sign in on the appliance, any e-mail,"
                " password 'sandbox'")
        say(f"  Logs:       {stack.logs}/")
        say(f"  Over SSH:   ssh -L {port}:127.0.0.1:{port} <this host>, then open the URL")
        if args.smoke:
            doctor = subprocess.run([CLI, "doctor"], env=stack.env, capture_output=True,
                                    text=True, check=False)
            say(doctor.stdout)
            code = doctor.returncode
        else:
            say("Press Ctrl-C to stop.")
            while not stopping["flag"]:
                dead = stack.check_alive()
                if dead:
                    say(f"{dead} stopped unexpectedly: see {stack.logs / dead}.log")
                    say(log_tail(stack.logs / f"{dead}.log"))
                    code = 1
                    break
                time.sleep(0.5)
    except RuntimeError as exc:
        say(f"demo failed: {exc}")
        code = 1
    finally:
        say("Stopping ...")
        left = stack.stop()
        if left:
            say(f"processes still alive: {left}")
            code = code or 1
        else:
            say("All stopped.")
    return code


if __name__ == "__main__":
    sys.exit(main())
