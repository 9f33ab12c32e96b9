"""Human-like random pauses. All zero when the settings say zero (tests)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from linkedin_auto.settings import DelaySettings


class Delays:
    def __init__(
        self,
        settings: DelaySettings,
        *,
        rng: random.Random | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.settings = settings
        self.rng = rng or random.SystemRandom()
        self._sleep = sleep

    def action_seconds(self, scale: float = 1.0) -> float:
        s = self.settings
        return self.rng.uniform(s.min_seconds, s.max_seconds) * scale

    def typing_ms(self) -> float:
        s = self.settings
        return self.rng.uniform(s.typing_min_ms, s.typing_max_ms)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._sleep(seconds)
