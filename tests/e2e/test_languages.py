"""Wishes per language: the Messages page edits each language's pool, a contact's language is
set on their page, and both reach the API as sent."""

from __future__ import annotations

import sqlite3

from playwright.sync_api import Page, expect

from .conftest import PHONE, Stack, screenshot


def test_templates_per_language_and_a_contacts_language(admin_page: Page, stack: Stack) -> None:
    page = admin_page
    api = stack.admin()
    before = api.get("/api/config").json()["config"]["bots"]["birthday"]
    assert before["default_language"] == "en" and set(before["templates"]) == {"en", "fr"}

    page.goto("/messages/")
    expect(page.get_by_role("heading", name="English (en) (default)")).to_be_visible()
    french = page.get_by_role("region", name="French (fr)")
    box = french.get_by_role("textbox", name="French (fr) birthday template 1")
    box.fill("Bon anniversaire, {first_name}, et à bientôt !")
    expect(french.get_by_label("Preview of French (fr) birthday template 1")).to_have_text(
        "Bon anniversaire, Ada, et à bientôt !")
    page.get_by_role("button", name="Save templates").click()
    expect(page.get_by_role("status").filter(has_text="Templates saved.")).to_be_visible()
    after = api.get("/api/config").json()["config"]["bots"]["birthday"]
    assert after["templates"]["fr"]["today"] == [
        "Bon anniversaire, {first_name}, et à bientôt !", *before["templates"]["fr"]["today"][1:]]
    assert after["templates"]["en"] == before["templates"]["en"]
    assert after["templates"]["fr"]["belated"] == before["templates"]["fr"]["belated"]

    # A language added here, then a person set to it on their contact page.
    page.get_by_label("Add a language (code)").fill("de")
    page.get_by_role("button", name="Add language").click()
    german = page.get_by_role("region", name="German (de)")
    german.get_by_role("textbox", name="German (de) birthday template 1").fill("Alles Gute, {first_name}!")
    german.get_by_role("textbox", name="German (de) belated template 1").fill("Nachträglich alles Gute!")
    page.get_by_role("button", name="Save templates").click()
    expect(page.get_by_role("status").filter(has_text="Templates saved.")).to_be_visible()
    pools = api.get("/api/config").json()["config"]["bots"]["birthday"]["templates"]
    assert pools["de"] == {"today": ["Alles Gute, {first_name}!"],
                           "belated": ["Nachträglich alles Gute!"]}

    db = sqlite3.connect(stack.state_dir / "linkedin.db")
    with db:
        db.execute("INSERT INTO contacts (profile_url, slug, name, created_at, updated_at)"
                   " VALUES ('https://www.linkedin.com/in/ada/', 'ada', 'Ada Lovelace', '', '')")
    db.close()
    contact = api.get("/api/contacts").json()["items"][0]
    assert contact["language"] is None
    page.set_viewport_size(PHONE)
    page.goto("/contacts/")
    page.get_by_role("button", name="Ada Lovelace").click()
    page.get_by_label("Language of their wishes").select_option("de")
    expect(page.get_by_role("status").filter(has_text="Language saved.")).to_be_visible()
    screenshot(page, "contact-language-phone")
    assert api.get(f"/api/contacts/{contact['id']}").json()["language"] == "de"
    page.get_by_label("Language of their wishes").select_option("")
    expect(page.get_by_label("Language of their wishes")).to_have_value("")
    expect(page.get_by_role("status").filter(has_text="Language saved.")).to_be_visible()
    assert api.get(f"/api/contacts/{contact['id']}").json()["language"] is None

    # Bad input: a clear error naming the field; unknown or absurd ids.
    r = api.put(f"/api/contacts/{contact['id']}/language", json={"language": "deutsch"})
    assert r.status_code == 422 and "not a language code" in r.text
    assert r.json()["detail"][0]["loc"][-1] == "language"
    assert api.put("/api/contacts/999/language", json={"language": "fr"}).status_code == 404
    assert api.put(f"/api/contacts/{2**70}/language", json={"language": "fr"}).status_code == 422
    api.close()
