"""SandboxState without a browser: dates around the new year, keyword syntax, actions."""

from __future__ import annotations

from datetime import date

import pytest
from linkedin_auto.sandbox.state import (
    ResetOptions,
    SandboxState,
    _days_since_birthday,
    _keyword_matcher,
)


@pytest.mark.parametrize(("mmdd", "today", "days"), [
    ("01-02", date(2026, 1, 2), 0),
    ("12-30", date(2026, 1, 2), 3),
    ("02-29", date(2028, 3, 1), 1),   # leap year
    ("02-29", date(2027, 3, 1), 0),   # celebrated on 1 March otherwise
    ("01-03", date(2026, 1, 2), 364),
])
def test_days_since_birthday(mmdd: str, today: date, days: int) -> None:
    assert _days_since_birthday(mmdd, today) == days


def test_belated_birthdays_cross_the_new_year() -> None:
    st = SandboxState(ResetOptions(today=date(2026, 1, 2), birthdays_today=1, belated=5,
                                   birthday_strangers=0))
    assert [e.days_late for e in st.birthdays()] == [0, 1, 2, 3, 4, 5]
    assert {e.person.birthday for e in st.birthdays()} == {
        "01-02", "01-01", "12-31", "12-30", "12-29", "12-28"}


@pytest.mark.parametrize(("query", "text", "hit"), [
    ("engineer", "Data Engineer at Hooli", True),
    ("data engineer", "Engineer of data", True),          # terms ANDed, any order
    ('"data engineer"', "Engineer of data", False),       # a quoted phrase
    ('"data engineer"', "Senior Data Engineer", True),
    ("recruiter OR founder", "Founder at Acme", True),
    ("recruiter OR founder", "CTO at Acme", False),
    ("engineer NOT senior", "Senior Software Engineer", False),
    ("engineer NOT senior", "Software Engineer", True),
    ("", "anything", True),
])
def test_keyword_syntax(query: str, text: str, hit: bool) -> None:
    assert _keyword_matcher(query)(text) is hit


def test_actions_and_faults() -> None:
    st = SandboxState(ResetOptions(received=6, follows=1))
    follower = next(r for r in st.received if r.follows)
    other = next(r for r in st.received if not r.follows)
    assert st.accept(follower.slug, confirmed=False).reason == "noop"
    st.set_faults(["take_care_dialog"])
    assert st.accept(other.slug, confirmed=False).reason == "take_care"
    assert st.accept(other.slug, confirmed=True).ok
    assert st.accept(other.slug, confirmed=True).reason == "unknown"  # already handled
    st.set_faults(["weekly_limit"])
    res, msg = st.send_message(st.contacts[0].slug, "hi")
    assert res.reason == "limit" and msg is None
    st.set_faults([])
    res, msg = st.send_message(st.contacts[0].slug, "hi")
    assert res.ok and msg is not None and msg["to_name"] == st.contacts[0].name
    snap = st.snapshot()
    assert snap["accepted"] == [other.slug]
    assert [m["text"] for m in snap["messages"]] == ["hi"]


def test_search_filters_like_linkedin() -> None:
    st = SandboxState(ResetOptions(search_results=60, contacts=20))
    everyone = st.search("", None, None)
    assert len(everyone) == 80
    paris = [p for p in everyone if p.geo_urn == "90009659"]
    assert paris and st.search("", None, ["90009659"]) == paris
    assert st.search("", None, ["urn:li:geo:90009659"]) == paris
    assert st.search("", None, ["Paris"]) == everyone  # free text: silently ignored
    engineers = st.search("", None, None, title="engineer")
    assert engineers and all("engineer" in p.headline.split(" at ")[0].lower()
                             for p in engineers)
    assert all(p.degree == 1 for p in st.search("", ["F"], None))
    assert {p.degree for p in st.search("", ["S", "O"], None)} == {2, 3}
