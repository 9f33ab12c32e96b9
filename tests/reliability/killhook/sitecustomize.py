"""Test-only (reliability suite): SIGKILL a process at a chosen step of a birthday wish.

Put this folder on the worker's PYTHONPATH with ``RELIABILITY_KILL=<step>:<target>:<nth>``:
the nth call of the ledger function that marks ``step`` kills ``target``. Nothing in the
application knows about it; it wraps the ledger's functions from outside.

- steps: ``before_intent``; ``after_intent`` (the intent and its click mark are durable, Send
  not clicked); ``after_click`` (Send clicked, not yet confirmed); ``after_confirm``;
- targets: ``job`` (the work horse kills itself) or ``worker`` (the horse kills the worker's
  main process, then waits: it must be ended by its worker's death, not carry on).
``RELIABILITY_KILL_MARK`` names a file written just before the kill.
"""

import os

_SPEC = os.environ.get("RELIABILITY_KILL")

if _SPEC:
    import signal
    import time
    from pathlib import Path
    from typing import Any

    from linkedin_auto.bots import ledger
    from linkedin_auto.bots.birthday import wish

    _STEPS: dict[str, tuple[Any, str, str]] = {
        "before_intent": (ledger, "record_intent", "before"),
        "after_intent": (wish, "click_send", "before"),
        "after_click": (wish, "click_send", "after"),
        "after_confirm": (ledger, "confirm_sent", "after"),
    }
    _step, _target, _nth = _SPEC.split(":")
    _module, _func, _when = _STEPS[_step]
    _calls = [0]

    def _die() -> None:
        mark = os.environ.get("RELIABILITY_KILL_MARK")
        if mark:
            Path(mark).write_text(f"{_SPEC} pid={os.getpid()} ppid={os.getppid()}\n")
        if _target == "worker":
            os.kill(os.getppid(), signal.SIGKILL)
            time.sleep(30)  # the parent-death signal must end this process here
        os.kill(os.getpid(), signal.SIGKILL)

    def _wrap(real: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            _calls[0] += 1
            hit = _calls[0] == int(_nth)
            if hit and _when == "before":
                _die()
            result = real(*args, **kwargs)
            if hit and _when == "after":
                _die()
            return result

        return wrapper

    setattr(_module, _func, _wrap(getattr(_module, _func)))
