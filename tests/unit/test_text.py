from linkedin_auto.text import plural


def test_plural_says_one_and_many() -> None:
    assert plural(1, "day") == "1 day"
    assert plural(0, "day") == "0 days"
    assert plural(3, "day") == "3 days"
    assert plural(1, "wish", "wishes") == "1 wish"
    assert plural(2, "wish", "wishes") == "2 wishes"
