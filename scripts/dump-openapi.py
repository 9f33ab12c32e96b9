#!/usr/bin/env python3
"""Write the API's OpenAPI document (JSON) to the file given, without a server:
``create_app().openapi()``.

The app is built against a throw-away state directory, so nothing of this machine's state
(database, secrets, setup code) is read or written. ``make api-types`` turns the output into
``dashboard/lib/api-types.ts``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit("usage: dump-openapi.py OUT.json")
    with tempfile.TemporaryDirectory(prefix="openapi-") as tmp:
        state = Path(tmp)
        (state / "config.yaml").write_text("timezone: UTC\n")
        os.environ.update({
            "LINKEDIN_AUTO_CONFIG": str(state / "config.yaml"),
            "LINKEDIN_AUTO_PATHS__STATE_DIR": str(state),
            "LINKEDIN_AUTO_PATHS__SECRETS_FILE": str(state / "secrets.env"),
        })
        from linkedin_auto.api.app import create_app

        doc = create_app().openapi()
    Path(sys.argv[1]).write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
