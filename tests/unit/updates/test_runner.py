"""The root updater's decisions, with the machine (systemctl, ansible) replaced by a recorder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from linkedin_auto.updates.bundle import public_key_text
from linkedin_auto.updates.runner import failure_reason, run_update
from linkedin_auto.updates.state import (
    Paths,
    UpdateResult,
    UpdateState,
    read_history,
    read_status,
    write_request,
)
from release_kit import WHEEL, bundle_of, rewrite

ROLLED_BACK = ('fatal: [localhost]: FAILED! => {"changed": false, "msg": "Upgrade of release'
               ' 0.2.0 failed at \\"Wait until the API is ready\\": Status code was -1  Rolled'
               ' back to 0.1.0, database restored from /var/lib/x.db; the services are running'
               ' it again."}')


class Recorder:
    def __init__(self, rc: int = 0, output: str = "", idle: bool = True):
        self.calls: list[str] = []
        self.rc, self.output, self.idle = rc, output, idle
        self.release: Path | None = None

    def stop(self, unit: str) -> None:
        self.calls.append(f"stop {unit}")

    def start(self, unit: str) -> None:
        self.calls.append(f"start {unit}")

    def wait_idle(self) -> bool:
        self.calls.append("wait_idle")
        return self.idle

    def ansible(self, release: Path, extra_vars: Path | None) -> tuple[int, str]:
        self.calls.append("ansible")
        self.release = release
        # What the role gets: the verified files, the wheel among them.
        assert (release / WHEEL).is_file() and (release / "ansible" / "update.yml").is_file()
        return self.rc, self.output


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def dirs(tmp_path: Path, key: Ed25519PrivateKey) -> tuple[Path, Path]:
    state, updater = tmp_path / "state", tmp_path / "updater"
    updater.mkdir()
    (updater / "trusted-keys").write_text(public_key_text(key.public_key()) + "\n")
    return state, updater


def stage(state: Path, bundle: Path, version: str) -> Paths:
    paths = Paths(state)
    paths.staged.mkdir(parents=True, exist_ok=True)
    shutil.copy(bundle, paths.staged_bundle)
    write_request(paths, version)
    return paths


def test_installs_after_the_bots_stopped(tmp_path: Path, key, dirs) -> None:
    state, updater = dirs
    paths = stage(state, bundle_of(tmp_path, key, "0.2.0"), "0.2.0")
    system = Recorder()
    record = run_update(state, updater, system)
    assert record is not None and record.result is UpdateResult.installed
    assert (record.version, record.from_version) == ("0.2.0", "0.1.0")
    assert system.calls == ["wait_idle", "stop linkedin-auto-worker.service", "ansible",
                            "start linkedin-auto.target"]
    assert not paths.request.exists()  # taken: the path unit does not start again
    assert read_status(paths).state is UpdateState.idle
    assert [r.result for r in read_history(paths)] == [UpdateResult.installed]
    assert not (updater / "work").exists()


def test_a_run_still_going_at_the_limit_does_not_block_the_update(tmp_path: Path, key,
                                                                  dirs) -> None:
    state, updater = dirs
    stage(state, bundle_of(tmp_path, key, "0.2.0"), "0.2.0")
    system = Recorder(idle=False)
    record = run_update(state, updater, system)
    # The worker is stopped (the run is cancelled, as at any stop) before the switch.
    assert record is not None and record.result is UpdateResult.installed
    assert system.calls.index("stop linkedin-auto-worker.service") < system.calls.index("ansible")


def test_downgrade_is_refused_before_anything_stops(tmp_path: Path, key, dirs) -> None:
    state, updater = dirs
    paths = stage(state, bundle_of(tmp_path, key, "0.0.9"), "0.0.9")
    system = Recorder()
    record = run_update(state, updater, system)
    assert record is not None and record.result is UpdateResult.refused
    assert "older than the installed 0.1.0: downgrades are refused" in (record.reason or "")
    assert system.calls == []
    assert read_history(paths)[0].result is UpdateResult.refused


def test_bundle_swapped_after_staging_is_refused(tmp_path: Path, key, dirs) -> None:
    """The API checked the bundle; the updater checks it again (the service user could have
    replaced it since)."""
    state, updater = dirs
    good = bundle_of(tmp_path, key, "0.2.0")
    paths = stage(state, rewrite(good, tmp_path / "evil.tar", {WHEEL: b"PK evil"}), "0.2.0")
    system = Recorder()
    record = run_update(state, updater, system)
    assert record is not None and record.result is UpdateResult.refused
    assert f"{WHEEL} does not match its sha256" in (record.reason or "")
    assert system.calls == []
    assert read_status(paths).state is UpdateState.idle


def test_unsigned_needs_the_root_flag(tmp_path: Path, key, dirs) -> None:
    state, updater = dirs
    stage(state, bundle_of(tmp_path, None, "0.2.0"), "0.2.0")
    record = run_update(state, updater, Recorder())
    assert record is not None and record.result is UpdateResult.refused
    assert "not signed" in (record.reason or "")
    (updater / "allow-unsigned").touch()
    stage(state, bundle_of(tmp_path / "again", None, "0.2.0"), "0.2.0")
    record = run_update(state, updater, Recorder())
    assert record is not None and record.result is UpdateResult.installed


def test_rollback_is_recorded_with_the_roles_reason(tmp_path: Path, key, dirs) -> None:
    state, updater = dirs
    paths = stage(state, bundle_of(tmp_path, key, "0.2.0"), "0.2.0")
    system = Recorder(rc=2, output="TASK [app : x]\n" + ROLLED_BACK + "\nPLAY RECAP\n")
    record = run_update(state, updater, system)
    assert record is not None and record.result is UpdateResult.rolled_back
    assert record.reason and record.reason.startswith("Upgrade of release 0.2.0 failed at")
    assert "Rolled back to 0.1.0" in record.reason
    assert system.calls[-1] == "start linkedin-auto.target"
    assert read_history(paths)[0].reason == record.reason


def test_failure_without_rollback_is_failed(tmp_path: Path, key, dirs) -> None:
    state, updater = dirs
    stage(state, bundle_of(tmp_path, key, "0.2.0"), "0.2.0")
    out = 'fatal: [localhost]: FAILED! => {"changed": false, "msg": "pip: no network"}'
    record = run_update(state, updater, Recorder(rc=2, output=out))
    assert record is not None and record.result is UpdateResult.failed
    assert record.reason == "pip: no network"


def test_no_request_does_nothing(dirs) -> None:
    state, updater = dirs
    system = Recorder()
    assert run_update(state, updater, system) is None and system.calls == []


def test_failure_reason_reads_the_last_failed_task() -> None:
    out = ('failed: [localhost]: FAILED! => {"msg": "first"}\n'
           'fatal: [localhost]: FAILED! => {"msg": "the role\'s\\n  message"}')
    assert failure_reason(out) == "the role's message"
    unreachable = ('fatal: [localhost]: UNREACHABLE! => {"changed": false, "msg": "Failed to'
                   ' create temporary directory", "unreachable": true}')
    assert failure_reason(unreachable) == "Failed to create temporary directory"
    assert failure_reason("ERROR! the playbook could not be parsed") == \
        "ERROR! the playbook could not be parsed"
