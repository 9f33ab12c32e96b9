"""Process secrets generated once per installation (``paths.secrets_file``, mode 0600).

The file is ``KEY=value`` lines so systemd ``EnvironmentFile=`` and shells can read it.
Existing values are never overwritten: a new VAULT_KEY would make the stored LinkedIn session
unreadable and a new SESSION_SECRET would log everyone out.
"""

from __future__ import annotations

import base64
import os
import secrets as pysecrets
from dataclasses import dataclass
from pathlib import Path

import structlog

from linkedin_auto.settings import Settings

log = structlog.get_logger(__name__)

KEYS = ("SESSION_SECRET", "VAULT_KEY")


@dataclass(frozen=True)
class Secrets:
    session_secret: str
    vault_key: str

    def __repr__(self) -> str:  # never shows the values, even in a traceback
        return "Secrets(session_secret=***, vault_key=***)"


def _generate(name: str) -> str:
    if name == "VAULT_KEY":
        # Exactly what Fernet.generate_key() returns (32 random bytes, URL-safe base64),
        # without loading cryptography's Rust backend into the API: 6.8 MiB RSS that stayed
        # in the API after its first start until a session was imported.
        return base64.urlsafe_b64encode(os.urandom(32)).decode()
    return pysecrets.token_urlsafe(48)


def _parse(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        k, v = line.split("=", 1)
        values[k.strip()] = v.strip().strip('"').strip("'")
    return values


def read_secrets(path: Path) -> dict[str, str]:
    return _parse(path.read_text()) if path.is_file() else {}


def ensure_secrets(settings: Settings) -> Secrets:
    """Create the secrets file (0600) or add missing keys to it; return the secrets."""
    path = settings.paths.secrets_file
    path.parent.mkdir(parents=True, exist_ok=True)
    values = read_secrets(path)
    missing = [k for k in KEYS if not values.get(k)]
    if missing:
        new = {k: _generate(k) for k in missing}
        created = not path.exists()
        # O_CREAT with 0600 so the secret is never readable by others, not even briefly.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a") as f:
            if created:
                f.write("# LinkedIn Auto secrets, generated on first start. Keep private.\n")
            for k, v in new.items():
                f.write(f"{k}={v}\n")
            f.flush()
            os.fsync(f.fileno())
        if created:
            os.chmod(path, 0o600)
        values.update(new)
        log.info("secrets_generated", path=str(path), names=missing)
    return Secrets(session_secret=values["SESSION_SECRET"], vault_key=values["VAULT_KEY"])
