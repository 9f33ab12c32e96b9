"""The root updater: installs the release the dashboard asked for, with the app role.

Started by ``linkedin-auto-update.service`` (root, oneshot) when the path unit sees
``<state_dir>/updates/spool/request.json``. It trusts nothing the web service wrote: it copies
the staged bundle into its own folder and verifies it again with the root-owned keys, refuses a
downgrade, lets a bot run in progress finish (up to ``updates.bot_wait_minutes``), then runs the
bundle's ``ansible/update.yml`` with the device's pinned ansible-core. The app role does the
rest exactly as for ``ansible-playbook`` users: backup, switch, migrate, health check,
rollback. The outcome goes to ``status/history.jsonl``.

    python -m linkedin_auto.updates.runner --state-dir /var/lib/linkedin-auto \\
        --updater-dir /opt/linkedin-auto/updater
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections import deque
from pathlib import Path
from typing import Protocol

import structlog

from linkedin_auto.updates.bundle import BundleRefused, verify_bundle
from linkedin_auto.updates.state import (
    Paths,
    UpdateRecord,
    UpdateResult,
    UpdateState,
    UpdateStatus,
    allow_unsigned,
    append_history,
    installed_version,
    now_text,
    read_request,
    refusal,
    trusted_keys,
    write_atomic,
    write_status,
)

log = structlog.get_logger(__name__)

CLI = "/usr/local/bin/linkedin-auto"
EXIT_BUSY = 3  # `linkedin-auto update wait-idle`: a run was still going at the limit


class System(Protocol):
    def stop(self, unit: str) -> None: ...
    def start(self, unit: str) -> None: ...
    def wait_idle(self) -> bool: ...
    def ansible(self, release: Path, extra_vars: Path | None) -> tuple[int, str]: ...


class SystemdHost:
    """The real machine: systemctl, the operator command, the updater's ansible-playbook."""

    def __init__(self, updater_dir: Path):
        self.updater_dir = updater_dir

    def _systemctl(self, *args: str) -> None:
        subprocess.run(["systemctl", *args], check=False, timeout=300)

    def stop(self, unit: str) -> None:
        self._systemctl("stop", unit)

    def start(self, unit: str) -> None:
        self._systemctl("start", unit)

    def wait_idle(self) -> bool:
        # As the service user (the command drops root): the database stays the service's.
        res = subprocess.run([CLI, "update", "wait-idle"], check=False)
        return res.returncode == 0

    def ansible(self, release: Path, extra_vars: Path | None) -> tuple[int, str]:
        cmd = [str(self.updater_dir / "ansible" / "bin" / "ansible-playbook"),
               "-i", "localhost,", "-c", "local", str(release / "ansible" / "update.yml"),
               "-e", json.dumps({"app_dist_dir": str(release),
                                 "app_requirements_lock": str(release / "requirements.lock")})]
        if extra_vars is not None and extra_vars.is_file():
            cmd[-2:-2] = ["-e", f"@{extra_vars}"]
        # The unit has ProtectHome=yes: Ansible's temporary files go to the updater's folder
        # (it expands ~ from the password database, not from HOME).
        tmp = str(self.updater_dir / ".ansible" / "tmp")
        env = dict(os.environ, ANSIBLE_CALLBACK_RESULT_FORMAT="json", ANSIBLE_NOCOLOR="1",
                   ANSIBLE_RETRY_FILES_ENABLED="0", ANSIBLE_LOCALHOST_WARNING="0",
                   ANSIBLE_HOME=str(self.updater_dir / ".ansible"), ANSIBLE_REMOTE_TEMP=tmp,
                   ANSIBLE_LOCAL_TEMP=tmp, HOME=str(self.updater_dir))
        tail: deque[str] = deque(maxlen=400)
        with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              cwd=str(release / "ansible"), env=env) as proc:
            assert proc.stdout is not None
            for line in proc.stdout:
                sys.stdout.write(line)  # into the journal, as ansible-playbook prints it
                tail.append(line.rstrip("\n"))
        return proc.returncode, "\n".join(tail)


_FATAL = re.compile(r"^(?:fatal|failed): \[[^\]]+\]: (?:FAILED|UNREACHABLE)! => (\{.*\})\s*$",
                    re.M)


def failure_reason(output: str) -> str:
    """The message of the last failed task (the app role's says what it rolled back to)."""
    for match in reversed(_FATAL.findall(output)):
        try:
            result = json.loads(match)
        except ValueError:
            continue
        msg = result.get("msg") or result.get("stderr") or ""
        if msg:
            return " ".join(str(msg).split())[:2000]
    lines = [ln for ln in output.splitlines() if ln.strip()]
    return lines[-1][:2000] if lines else "ansible-playbook failed without output"


def _copy_nofollow(src: Path, dst: Path) -> None:
    fd = os.open(src, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as f, dst.open("wb") as out:
        shutil.copyfileobj(f, out, 1 << 20)


def run_update(state_dir: Path, updater_dir: Path, system: System) -> UpdateRecord | None:
    """Handle one request; None when there was none."""
    paths = Paths(state_dir)
    try:
        request = read_request(paths.request)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        paths.request.unlink(missing_ok=True)
        log.warning("update_request_unreadable", error=type(exc).__name__)
        return None
    # Taken: the path unit must not start the updater again for the same request.
    paths.request.unlink(missing_ok=True)
    have = installed_version()
    status = UpdateStatus(state=UpdateState.verifying, id=request.id, version=request.version,
                          from_version=have, started_at=now_text())
    write_status(paths, status)
    log.info("update_started", id=request.id, version=request.version, installed=have)

    def finish(result: UpdateResult, reason: str | None) -> UpdateRecord:
        record = UpdateRecord(id=request.id, version=status.version, from_version=have,
                              started_at=status.started_at, finished_at=now_text(),
                              result=result, reason=reason)
        append_history(paths, record)
        write_status(paths, UpdateStatus())
        log.info("update_finished", id=request.id, result=result.value, reason=reason)
        return record

    work = updater_dir / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(mode=0o700, parents=True)
    try:
        bundle = work / "bundle.tar"
        try:
            _copy_nofollow(paths.staged_bundle, bundle)
        except OSError:
            return finish(UpdateResult.refused, "no staged bundle to install")
        try:
            release = verify_bundle(bundle, work / "release", trusted_keys(updater_dir),
                                    allow_unsigned=allow_unsigned(updater_dir))
        except (BundleRefused, ValueError) as exc:
            return finish(UpdateResult.refused, f"bundle refused: {exc}")
        manifest = release.manifest
        if manifest.version != request.version:
            return finish(UpdateResult.refused, f"the staged bundle is {manifest.version}, not"
                          f" the requested {request.version}; stage it again")
        why = refusal(have, manifest)
        if why:
            return finish(UpdateResult.refused, why)

        # No new run from now on (the API and the worker's scheduler read this state); the
        # one in progress finishes or is cancelled at the limit.
        status.state = UpdateState.waiting_for_bots
        write_status(paths, status)
        if not system.wait_idle():
            log.warning("update_cancels_run", reason="bot run still going at the limit")
        system.stop("linkedin-auto-worker.service")

        status.state = UpdateState.installing
        write_status(paths, status)
        rc, output = system.ansible(release.root, updater_dir / "vars.json")
        # The end of the run, for `journalctl`-less diagnosis (the journal has all of it).
        write_atomic(paths.status_dir / "last-update.log", output + "\n")
        if rc == 0:
            return finish(UpdateResult.installed, None)
        reason = failure_reason(output)
        result = UpdateResult.rolled_back if "Rolled back to" in reason else UpdateResult.failed
        return finish(result, reason)
    except Exception as exc:  # the history must say something went wrong, whatever it was
        log.exception("update_crashed")
        return finish(UpdateResult.failed, f"the updater failed: {type(exc).__name__}: {exc}")
    finally:
        # Whatever happened, the appliance runs (the role's rollback already started it; this
        # covers refusals after the bots were stopped and failures before the switch).
        if status.state is not UpdateState.verifying:
            system.start("linkedin-auto.target")
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--state-dir", type=Path, default=Path("/var/lib/linkedin-auto"))
    parser.add_argument("--updater-dir", type=Path, default=Path("/opt/linkedin-auto/updater"))
    args = parser.parse_args(argv)
    from linkedin_auto.observability import configure_logging

    configure_logging("info")
    run_update(args.state_dir, args.updater_dir, SystemdHost(args.updater_dir))
    # The outcome is in the history; a failed unit would only make its path unit give up.
    return 0


if __name__ == "__main__":
    sys.exit(main())
