"""The birthday bot (run type ``birthday``): today's wishes and belated ones.

- ``page``: the birthday page's cards and the messaging overlay (selector registry).
- ``decide``: per card, wish or skip and why; settle wishes an earlier run left unsettled.
- ``wish``: one wish: open the right overlay, type and verify, send and confirm.
- ``job``: the run itself, the budget (deferrals) and rechecking unverified wishes.

Fail safe: a wish counts from its Send click; one whose text did not show is ``unverified``,
counted and never repeated automatically (docs/bots.md).
"""

from linkedin_auto.bots.birthday.job import birthday_body, birthday_job
from linkedin_auto.bots.birthday.model import Decision, Entry, Outcome, PageChanged

__all__ = ["Decision", "Entry", "Outcome", "PageChanged", "birthday_body", "birthday_job"]
