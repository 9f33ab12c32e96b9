"""docs/configuration.md is generated from the settings schema and must match it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_configuration_docs_are_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("gen_config_docs",
                                                  ROOT / "scripts" / "gen-config-docs.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    expected = mod.render()
    actual = (ROOT / "docs" / "configuration.md").read_text()
    assert actual == expected, "run: python scripts/gen-config-docs.py"
    for key in ("limits.messages.daily", "notifications.urls", "bots.birthday.templates"):
        assert f"`{key}`" in actual
