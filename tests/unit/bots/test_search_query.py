"""People-search URL builder: Boolean keywords, title, numeric geo ids, network, pages."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from linkedin_auto.bots.search_query import (
    build_search,
    check_keywords,
    normalise_geo_urn,
    search_from_settings,
)
from linkedin_auto.settings import ConfigError, VisitorBot, validate_document


def _params(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_boolean_keywords_are_passed_through_untouched() -> None:
    kw = '("data engineer" OR "ML engineer") NOT recruiter'
    s = build_search(keywords=kw, network=["S", "F"])
    url = s.url("http://127.0.0.1:8001/", page=1)
    assert url.startswith("http://127.0.0.1:8001/search/results/people/?")
    p = _params(url)
    assert p["keywords"] == kw
    assert json.loads(p["network"]) == ["F", "S"]  # canonical order
    assert "page" not in p
    assert p["origin"] == "FACETED_SEARCH"


def test_title_geo_and_page() -> None:
    s = build_search(title="CTO", geo_urns=["103644278", "urn:li:geo:90009659", "103644278"])
    p = _params(s.url("https://www.linkedin.com", page=3))
    assert p["titleFreeText"] == "CTO"
    assert json.loads(p["geoUrn"]) == ["103644278", "90009659"]  # deduplicated, urn stripped
    assert p["page"] == "3"
    assert "keywords" not in p
    with pytest.raises(ValueError):
        s.url("https://www.linkedin.com", page=0)


def test_free_text_location_is_a_config_error_naming_the_field() -> None:
    with pytest.raises(ConfigError) as exc:
        build_search(keywords="python", geo_urns=["103644278", "Paris, France"])
    assert [loc for loc, _ in exc.value.errors] == ["bots.visitor.geo_urns.1"]
    assert "silently ignores free-text locations" in str(exc.value)


@pytest.mark.parametrize(
    ("keywords", "problem"),
    [
        ('"data engineer', "unbalanced double quote"),
        ("(python OR rust", "unbalanced parentheses"),
        ("python) OR (rust", "unbalanced parentheses"),
        ("OR python", "starts with the operator OR"),
        ("python NOT", "ends with the operator NOT"),
    ],
)
def test_malformed_keywords_are_refused(keywords: str, problem: str) -> None:
    assert any(problem in p for p in check_keywords(keywords))
    with pytest.raises(ConfigError) as exc:
        build_search(keywords=keywords)
    assert exc.value.errors[0][0] == "bots.visitor.keywords"


def test_parentheses_inside_quotes_are_text() -> None:
    assert check_keywords('"C++ (embedded)" OR rust') == []


def test_empty_search_and_bad_network_are_refused() -> None:
    with pytest.raises(ConfigError) as exc:
        build_search(network=["X"])
    fields = {loc for loc, _ in exc.value.errors}
    assert fields == {"bots.visitor.keywords", "bots.visitor.network.0"}


def test_lowercase_operator_gives_a_warning_not_an_error() -> None:
    s = build_search(keywords='python or rust "rock or roll"')
    assert len(s.warnings) == 1 and "OR" in s.warnings[0]
    assert build_search(keywords="python OR rust").warnings == ()


def test_geo_urn_forms() -> None:
    assert normalise_geo_urn(" urn:li:fs_geo:105015875 ") == "105015875"
    assert normalise_geo_urn("Lyon") is None
    assert normalise_geo_urn("geo:123") is None


def test_run_options_override_settings() -> None:
    cfg = VisitorBot(keywords="python", geo_urns=["105015875"], network=["S"])
    s = search_from_settings(cfg, {"keywords": "rust NOT java", "network": "F,S", "title": None})
    assert (s.keywords, s.title, s.geo_urns, s.network) == (
        "rust NOT java", "", ("105015875",), ("F", "S")
    )
    assert "keywords=rust NOT java" in s.describe()
    assert search_from_settings(cfg).keywords == "python"


def test_settings_refuse_free_text_locations() -> None:
    with pytest.raises(ConfigError) as exc:
        validate_document({"bots": {"visitor": {"geo_urns": ["103644278", "Paris"]}}})
    assert exc.value.errors[0][0] == "bots.visitor.geo_urns"
    assert "free-text" in exc.value.errors[0][1]
