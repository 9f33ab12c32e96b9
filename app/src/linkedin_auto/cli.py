"""The ``linkedin-auto`` command."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import typer
import yaml

from linkedin_auto.settings import (
    ConfigError,
    Settings,
    load_settings,
    loc_text,
    validate_document,
)

app = typer.Typer(
    help="LinkedIn Auto: automates your own LinkedIn account from a small Debian machine.",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
config_app = typer.Typer(help="Configuration file tools.", no_args_is_help=True)
selectors_app = typer.Typer(help="LinkedIn page selector registry.", no_args_is_help=True)
session_app = typer.Typer(help="The LinkedIn session (cookies) the bots use.",
                          no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(session_app, name="session")
app.add_typer(config_app, name="config")
app.add_typer(selectors_app, name="selectors")
release_app = typer.Typer(help="Release bundles: signing keys, building, verifying.",
                          no_args_is_help=True)
app.add_typer(release_app, name="release")
update_app = typer.Typer(help="Used by the appliance's updater.", no_args_is_help=True)
app.add_typer(update_app, name="update")

EXIT_CONFIG = 2


def run_exit_code(status: str) -> int:
    """``linkedin-auto run --wait``'s exit code for a finished run: 0 only when it succeeded,
    so a script or a timer never takes a partial, paused or refused run for a good one
    (2 stays "invalid configuration")."""
    from linkedin_auto.db.runs import RunStatus

    return {RunStatus.succeeded: 0, RunStatus.partial: 1, RunStatus.paused: 3,
            RunStatus.skipped: 4, RunStatus.failed: 5, RunStatus.cancelled: 6,
            RunStatus.timed_out: 7}.get(RunStatus(status), 5)


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def _config_error(exc: ConfigError) -> typer.Exit:
    lines = ["Invalid configuration:"] + [f"  {loc_text(loc)}: {msg}" for loc, msg in exc.errors]
    return _fail("\n".join(lines), EXIT_CONFIG)


def _settings(*, service: bool = False) -> Settings:
    """Load settings and configure logging from them; exit 2 naming the field if invalid.

    Services log JSON to stdout (journald); one-shot commands log to stderr so their stdout
    stays the answer a user or a script reads.
    """
    import structlog

    from linkedin_auto.observability import configure_logging

    try:
        settings = load_settings()
    except ConfigError as exc:
        raise _config_error(exc) from None
    configure_logging(settings.logging.level)
    if not service:
        structlog.configure(logger_factory=structlog.PrintLoggerFactory(file=sys.stderr))
    return settings


def _open_db(settings: Settings) -> Any:
    from linkedin_auto.db import SchemaTooNew, open_database

    try:
        return open_database(settings.paths.db_file)
    except SchemaTooNew as exc:
        raise _fail(f"error: {exc}") from None


def _missing(feature: str, exc: ImportError) -> typer.Exit:
    return _fail(f"{feature} is not available in this build ({exc})")


# -- services ---------------------------------------------------------------------------------
@app.command()
def api(
    host: str = typer.Option(None, help="Address to listen on (default: server.host)."),
    port: int = typer.Option(None, help="Port to listen on (default: server.port)."),
) -> None:
    """Serve the HTTP API and the dashboard (migrates the database first)."""
    settings = _settings(service=True)
    db = _open_db(settings)
    try:
        from linkedin_auto.api.server import serve
        from linkedin_auto.clock import SystemClock
        from linkedin_auto.security.secrets import ensure_secrets
        from linkedin_auto.security.setup import ensure_setup_code
    except ImportError as exc:
        raise _missing("the API", exc) from None
    ensure_secrets(settings)
    ensure_setup_code(db, settings, SystemClock())
    db.close()
    serve(settings, host or settings.server.host, port or settings.server.port)


@app.command()
def worker(
    burst: bool = typer.Option(False, help="Exit when the queue is empty (for tests)."),
    scheduler: bool = typer.Option(
        True, help="Also run the scheduler's loop (off: the queue alone, for tests)."),
) -> None:
    """Run the single queue worker that executes bot runs and built-in jobs, and the scheduler
    (starts due scheduled runs, catches up missed ones, daily summary)."""
    settings = _settings(service=True)
    _open_db(settings).close()
    from linkedin_auto.queue.worker import run_worker

    run_worker(settings, burst=burst, scheduler=scheduler)


# -- database ---------------------------------------------------------------------------------
@db_app.command("migrate")
def db_migrate() -> None:
    """Apply pending schema migrations (idempotent); prints the numbers applied."""
    from linkedin_auto.db import Database, SchemaTooNew, migrate

    settings = _settings()
    settings.paths.db_file.parent.mkdir(parents=True, exist_ok=True)
    db = Database(settings.paths.db_file)
    try:
        applied = migrate(db)
    except SchemaTooNew as exc:
        raise _fail(f"error: {exc}") from None
    finally:
        db.close()
    if applied:
        typer.echo("applied: " + " ".join(str(n) for n in applied))
    else:
        typer.echo("up to date")


@app.command()
def backup() -> None:
    """Make an online backup of the database into <state_dir>/backups (keeps backup.keep)."""
    from linkedin_auto.backup import create_backup
    from linkedin_auto.clock import SystemClock

    settings = _settings()
    db = _open_db(settings)
    try:
        path = create_backup(db, settings, SystemClock())
    finally:
        db.close()
    typer.echo(f"{path} ({path.stat().st_size} bytes)")


@app.command()
def restore(
    file: Path = typer.Argument(..., help="Backup file to restore."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Replace the database with a backup, after checking it (a safety backup is made first).

    The admin password, API keys and sessions stay as they are on this device.
    Stop the services first: systemctl stop linkedin-auto.target
    """
    from linkedin_auto.backup import RestoreRefused, check_backup_file, restore_backup

    settings = _settings()
    try:
        version = check_backup_file(file)
    except RestoreRefused as exc:
        raise _fail(f"refused: {file}: {exc}") from None
    if not yes:
        typer.confirm(
            f"Replace {settings.paths.db_file} with {file} (schema {version})?", abort=True
        )
    try:
        safety = restore_backup(settings, file)
    except RestoreRefused as exc:
        raise _fail(f"refused: {file}: {exc}") from None
    typer.echo(f"restored {file}")
    if safety:
        typer.echo(f"previous database saved as {safety}")


# -- LinkedIn session -------------------------------------------------------------------------
@session_app.command("import")
def session_import(
    file: str = typer.Argument(..., help="storage_state JSON, cookie export JSON or li_at value"
                                         " file; - reads standard input."),
    user_agent: str = typer.Option(None, help="Browser user agent to pin (default: built in)."),
    locale: str = typer.Option(None, help="Browser locale to pin, e.g. fr-FR (default: en-US)."),
    timezone_id: str = typer.Option(None, help="Browser time zone (default: timezone)."),
) -> None:
    """Import a LinkedIn session, checked exactly like the dashboard's upload."""
    from linkedin_auto.clock import SystemClock
    from linkedin_auto.security import vault
    from linkedin_auto.security.secrets import ensure_secrets

    settings = _settings()
    if file == "-":
        raw = sys.stdin.buffer.read(vault.MAX_BYTES + 1)
    else:
        try:
            with open(file, "rb") as f:
                raw = f.read(vault.MAX_BYTES + 1)
        except OSError as exc:
            raise _fail(f"refused: {file}: {exc.strerror}") from None
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _fail("refused: content: not UTF-8 text") from None
    db = _open_db(settings)
    try:
        meta = vault.import_session(
            db, SystemClock(), ensure_secrets(settings), content,
            {"user_agent": user_agent, "locale": locale, "timezone_id": timezone_id},
            default_timezone=settings.timezone,
        )
    except vault.SessionImportError as exc:
        raise _fail(f"refused: {exc.field}: {exc}") from None
    finally:
        db.close()
    typer.echo(f"imported ({meta['source']}): cookies {', '.join(meta['cookie_names'])};"
               f" expires {meta['expires_at'] or 'unknown'}")


# -- operations -------------------------------------------------------------------------------
@app.command()
def doctor(
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Check the installation; exit 1 if an essential check fails (warnings do not fail)."""
    from linkedin_auto.doctor import exit_code, run_checks

    settings = _settings()
    checks = run_checks(settings)
    if as_json:
        typer.echo(json.dumps([c.to_dict() for c in checks], indent=2))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title="linkedin-auto doctor")
        table.add_column("check")
        table.add_column("result")
        table.add_column("detail", overflow="fold")
        for c in checks:
            mark = "ok" if c.ok else ("FAIL" if c.severity == "error" else "warn")
            table.add_row(c.name, mark, c.detail)
        Console(width=120).print(table)
    raise typer.Exit(exit_code(checks))


@app.command("setup-code")
def setup_code() -> None:
    """Show the one-time setup code for the first login (until a password is set)."""
    settings = _settings()
    try:
        from linkedin_auto.clock import SystemClock
        from linkedin_auto.security.setup import ensure_setup_code
    except ImportError as exc:
        raise _missing("setup codes", exc) from None
    db = _open_db(settings)
    try:
        # Same code as the API shows (or a new one if none is pending yet).
        code = ensure_setup_code(db, settings, SystemClock())
    finally:
        db.close()
    if code is None:
        raise _fail("no setup code: the admin password is already set "
                    "(reset it with `linkedin-auto set-password`)")
    typer.echo(code)


@app.command("set-password")
def set_password(
    password_stdin: bool = typer.Option(False, "--password-stdin",
                                        help="Read the new password from standard input."),
) -> None:
    """Set or reset the admin password (all sessions are signed out)."""
    settings = _settings()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    try:
        from linkedin_auto.clock import SystemClock
        from linkedin_auto.security.passwords import set_password as _set
    except ImportError as exc:
        raise _missing("password management", exc) from None
    db = _open_db(settings)
    try:
        _set(db, SystemClock(), password)
    except ValueError as exc:
        raise _fail(f"refused: {exc}") from None
    finally:
        db.close()
    typer.echo("password set")


def _parse_options(items: list[str]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise _fail(f"--option expects key=value, got {item!r}")
        try:
            options[key] = yaml.safe_load(raw)  # numbers, booleans, lists as YAML
        except yaml.YAMLError:
            options[key] = raw
    return options


@app.command()
def run(
    bot: str = typer.Argument(..., help="Bot or run type: birthday, visitor, invitations, "
                                        "doctor, backup."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Do everything but the final action."),
    option: list[str] = typer.Option([], "--option", "-o", help="Run option key=value."),
    wait: bool = typer.Option(False, "--wait", help="Stream the run's events until it ends; "
                              "exit 0 succeeded, 1 partial, 3 paused, 4 skipped, 5 failed, "
                              "6 cancelled, 7 timed out."),
) -> None:
    """Enqueue a run through the queue, like the dashboard does."""
    from linkedin_auto.clock import SystemClock
    from linkedin_auto.db.runs import FINISHED, RunStore
    from linkedin_auto.queue.enqueue import BotBusy, UnknownBot, redis_from_settings, submit_run

    settings = _settings()
    options = _parse_options(option)
    db = _open_db(settings)
    redis = redis_from_settings(settings)
    clock = SystemClock()
    try:
        run_id = submit_run(db, redis, clock, bot, dry_run=dry_run, options=options,
                            trigger="cli", settings=settings)
    except (UnknownBot, BotBusy) as exc:
        raise _fail(f"error: {exc}") from None
    typer.echo(f"run #{run_id} queued")
    if not wait:
        return
    store = RunStore(db, clock)
    last = 0
    while True:
        for ev in store.events(run_id, after_id=last):
            last = int(ev["id"])
            typer.echo(f"{ev['ts']} {ev['level']:<7} {ev['kind']}: {ev['message']}")
        row = store.get(run_id)
        if row["status"] in FINISHED:
            typer.echo(f"run #{run_id} {row['status']}" + (f": {row['error']}" if row["error"]
                                                           else ""))
            raise typer.Exit(run_exit_code(row["status"]))
        time.sleep(0.5)


@app.command()
def sandbox(
    host: str = typer.Option("127.0.0.1", help="Address (loopback only is advised)."),
    port: int = typer.Option(8090, help="Port."),
    contacts: int = typer.Option(50, help="Number of seeded contacts."),
    variant: str = typer.Option("legacy", help="Markup variant: legacy, sdui or random."),
    seed: int = typer.Option(1, help="Random seed of the generated contacts."),
) -> None:
    """Serve the local LinkedIn look-alike used by tests and the demo (never in production)."""
    try:
        from linkedin_auto.sandbox.server import serve
    except ImportError as exc:
        raise _missing("the sandbox", exc) from None
    serve(host, port, seed=seed, contacts=contacts, variant=variant)


@selectors_app.command("check")
def selectors_check() -> None:
    """Visit LinkedIn's pages read-only and report which page elements resolve."""
    settings = _settings()
    try:
        from linkedin_auto.browser.selectors_check import check, format_report
    except ImportError as exc:
        raise _missing("the selector check", exc) from None
    report = check(settings)
    typer.echo(format_report(report))
    raise typer.Exit(0 if report["ok"] else 1)


@config_app.command("validate")
def config_validate(
    file: Path = typer.Argument(None, help="File to check (default: the active config file)."),
) -> None:
    """Check a configuration file; names each bad field and the reason (exit 2)."""
    from linkedin_auto.settings import config_file_path

    path = file or config_file_path()
    if not path.is_file():
        raise _fail(f"{path}: no such file", EXIT_CONFIG)
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise _fail(f"{path}: not valid YAML: {exc}", EXIT_CONFIG) from None
    try:
        settings = validate_document(data)
        from linkedin_auto.notify import url_problems

        problems = url_problems(settings.notifications.urls)
        if problems:
            raise ConfigError([(("notifications", "urls", i), msg) for i, msg in problems])
    except ConfigError as exc:
        raise _config_error(exc) from None
    typer.echo(f"{path}: valid")


@app.command()
def version() -> None:
    """Print the installed version."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as _v

    try:
        typer.echo(_v("linkedin-auto"))
    except PackageNotFoundError:
        typer.echo("unknown")


@release_app.command("keygen")
def release_keygen(
    private_key: Path = typer.Argument(..., help="Where to write the new private key (PEM)."),
) -> None:
    """Make an Ed25519 release signing key; prints the public key to give appliances."""
    from linkedin_auto.updates.bundle import generate_private_key, key_id, public_key_text

    try:
        public = generate_private_key(private_key)
    except FileExistsError:
        raise _fail(f"{private_key} exists: refusing to overwrite a key") from None
    typer.echo(f"{public_key_text(public)}  # key id {key_id(public)}")


@release_app.command("build")
def release_build(
    dist: Path = typer.Argument(..., help="The `make dist` folder: wheel, lock, ansible/."),
    min_upgrade_from: str = typer.Option(..., help="Oldest installed version it may upgrade."),
    notes: Path = typer.Option(None, help="Release notes (Markdown)."),
    key: Path = typer.Option(None, help="Private key (PEM); without one the bundle is unsigned."),
) -> None:
    """Write manifest.json (+ manifest.sig) and the bundle linkedin-auto-VERSION.tar in DIST."""
    from linkedin_auto.updates.bundle import (
        MANIFEST,
        SIGNATURE,
        build_manifest,
        load_private_key,
        sign_manifest,
        write_bundle,
    )

    wheels = sorted(dist.glob("linkedin_auto-*.whl"))
    if len(wheels) != 1:
        raise _fail(f"{dist}: expected exactly one linkedin_auto wheel, found {len(wheels)}")
    version = wheels[0].name.split("-")[1]
    skip = {MANIFEST, SIGNATURE}
    files = [p.relative_to(dist).as_posix() for p in sorted(dist.rglob("*"))
             if p.is_file() and p.name not in skip and not p.name.endswith((".tar", ".part"))]
    try:
        manifest = build_manifest(dist, files, version=version, min_upgrade_from=min_upgrade_from,
                                  notes=notes.read_text() if notes else "")
    except ValueError as exc:
        raise _fail(f"cannot build the manifest: {exc}") from None
    (dist / MANIFEST).write_bytes(manifest)
    signature = sign_manifest(manifest, load_private_key(key)) if key else None
    if signature is not None:
        (dist / SIGNATURE).write_bytes(signature)
    bundle = dist / f"linkedin-auto-{version}.tar"
    write_bundle(dist, bundle, manifest, signature)
    typer.echo(f"{bundle} ({'signed' if signature else 'UNSIGNED: development only'})")


@release_app.command("verify")
def release_verify(
    bundle: Path = typer.Argument(..., help="A linkedin-auto-VERSION.tar bundle."),
    keys: Path = typer.Option(..., help="Trusted public keys, one base64 key per line."),
    allow_unsigned: bool = typer.Option(False, help="Accept an unsigned bundle (development)."),
) -> None:
    """Check a bundle's signature and hashes; exit 1 saying why it is refused."""
    import tempfile

    from linkedin_auto.updates.bundle import BundleRefused, load_public_keys, verify_bundle

    with tempfile.TemporaryDirectory() as tmp:
        try:
            release = verify_bundle(bundle, Path(tmp) / "x", load_public_keys(keys),
                                    allow_unsigned=allow_unsigned)
        except (BundleRefused, ValueError) as exc:
            raise _fail(f"refused: {exc}") from None
    state = f"signed by key {release.key_id}" if release.signed else "unsigned"
    typer.echo(f"{release.manifest.version}: {state}, {len(release.manifest.files)} files verified")


@update_app.command("wait-idle")
def update_wait_idle(
    minutes: int = typer.Option(None, min=0, max=240,
                                help="Limit; default: updates.bot_wait_minutes."),
) -> None:
    """Wait until no bot run is running (exit 0), or exit 3 at the limit."""
    settings = _settings()
    limit = settings.updates.bot_wait_minutes if minutes is None else minutes
    db = _open_db(settings)
    deadline = time.monotonic() + limit * 60
    while True:
        busy = db.scalar("SELECT count(*) FROM runs WHERE status = 'running'")
        if not busy:
            return
        if time.monotonic() >= deadline:
            typer.echo(f"{busy} run(s) still running after {limit} min: the update stops them",
                       err=True)
            raise typer.Exit(3)
        time.sleep(min(5.0, max(0.1, deadline - time.monotonic())))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
