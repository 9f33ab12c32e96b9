"""Imported by a test's worker before it starts (see ``CrashingWorker``): kills the job's
process at one point of the birthday bot's Send, chosen by ``CRASH_AT``:

- ``before_click``: the intent is written, the click is not (``clicked_at`` stays empty);
- ``after_click``: one second after the Send click, before the bot looks for its text;
- ``after_delivery``: the text showed in the conversation, the ledger not yet told.

Test-side patching: the production code has no crash hooks.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from linkedin_auto.bots import ledger
from linkedin_auto.bots.birthday import wish

CRASH_AT = os.environ.get("CRASH_AT", "")


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


if CRASH_AT == "before_click":
    def _mark_clicked(*args: Any, **kwargs: Any) -> None:
        _die()

    ledger.mark_clicked = _mark_clicked  # type: ignore[assignment]

elif CRASH_AT == "after_click":
    _click = wish.click_send

    def _click_send(send: Any) -> None:
        _click(send)
        time.sleep(1.0)  # the request reaches the sandbox
        _die()

    wish.click_send = _click_send  # type: ignore[assignment]

elif CRASH_AT == "after_delivery":
    _wait = wish.wait_delivered

    def _wait_delivered(*args: Any, **kwargs: Any) -> bool:
        if _wait(*args, **kwargs):
            _die()
        return False

    wish.wait_delivered = _wait_delivered  # type: ignore[assignment]
