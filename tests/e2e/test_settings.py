"""Settings form: saving one changed field leaves everything else exactly as it was."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, expect

from .conftest import Stack

# Values a comma-splitting form would break: commas inside list items, lists the form does not
# show (the templates live on the Messages page), and numbers next to the field changed.
FILE: dict[str, Any] = {
    "timezone": "UTC",
    "limits": {"messages": {"daily": 4, "weekly": 20}},
    "working_hours": {"days": ["mon", "tue", "fri"]},
    "bots": {
        "birthday": {
            "templates": {
                "en": {"today": ["Happy birthday, {first_name}! Have a great year, see you soon."],
                       "belated": ["A belated happy birthday, {first_name}, all the best."]},
                "fr": {"today": ["Bon anniversaire {first_name}, et à bientôt !"],
                       "belated": ["Bon anniversaire, avec un peu de retard !"]},
            },
            "blacklist": ["Doe, Jane"],
        },
        "visitor": {"keywords": "python, rust", "geo_urns": ["103644278", "105015875"]},
        "invitations": {"accept": {"include_keywords": ["head of sales, EMEA", "CTO"]}},
    },
}


@pytest.fixture
def config_file(app_env: dict[str, str]) -> Path:
    """The config file with FILE in it, written before the API starts (request it first)."""
    path = Path(app_env["LINKEDIN_AUTO_CONFIG"])
    path.write_text(yaml.safe_dump(FILE, sort_keys=False, allow_unicode=True))
    return path


def test_saving_one_field_changes_nothing_else(
    config_file: Path, admin_page: Page, stack: Stack
) -> None:
    page, config = admin_page, config_file
    api = stack.admin()
    before = api.get("/api/config").json()["config"]
    assert before["bots"]["birthday"]["templates"] == FILE["bots"]["birthday"]["templates"]

    page.goto("/settings/")
    field = page.locator("#f-limits-messages-daily")
    expect(field).to_have_value("4")
    field.fill("3")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status").filter(has_text="Settings saved.")).to_be_visible()

    after = api.get("/api/config").json()["config"]
    assert after["bots"]["birthday"]["templates"] == FILE["bots"]["birthday"]["templates"]
    expected = copy.deepcopy(before)
    expected["limits"]["messages"]["daily"] = 3
    assert after == expected

    written = copy.deepcopy(FILE)
    written["limits"]["messages"]["daily"] = 3
    assert config.read_text() == yaml.safe_dump(written, sort_keys=False, allow_unicode=True)

    # Saving again without a change sends nothing and writes nothing.
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status").filter(has_text="Nothing changed.")).to_be_visible()
    assert api.get("/api/config").json()["config"] == expected
    api.close()


def test_a_list_is_edited_item_by_item(config_file: Path, admin_page: Page, stack: Stack) -> None:
    page = admin_page
    page.goto("/settings/")
    keywords = page.get_by_role("group", name="Include Keywords")
    expect(keywords.get_by_role("textbox")).to_have_count(2)
    expect(keywords.get_by_role("textbox").first).to_have_value("head of sales, EMEA")
    keywords.get_by_role("button", name="Add").click()
    keywords.get_by_role("textbox").nth(2).fill("VP, Product")
    keywords.get_by_role("button", name="Remove Include Keywords 2").click()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status").filter(has_text="Settings saved.")).to_be_visible()

    api = stack.admin()
    bots = api.get("/api/config").json()["config"]["bots"]
    api.close()
    assert bots["invitations"]["accept"]["include_keywords"] == ["head of sales, EMEA", "VP, Product"]
    assert bots["birthday"]["templates"] == FILE["bots"]["birthday"]["templates"]
    saved = yaml.safe_load(config_file.read_text())
    assert saved["bots"]["invitations"]["accept"]["include_keywords"] == [
        "head of sales, EMEA", "VP, Product"]
    assert saved["bots"]["visitor"] == FILE["bots"]["visitor"]
