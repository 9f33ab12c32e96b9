"""Feed, My Network hub, and the catch-up pages (birthdays, all) with lazily rendered cards."""

from __future__ import annotations

from datetime import date, timedelta

from linkedin_auto.sandbox.pages.markup import Markup, e
from linkedin_auto.sandbox.pages.shell import AVATAR, page
from linkedin_auto.sandbox.people import Person
from linkedin_auto.sandbox.state import BirthdayEntry

BATCH = 6  # cards per lazy batch

EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FR_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")


def birthday_line(m: Markup, entry: BirthdayEntry, today: date) -> str:
    """The card's date line. Wording differs by variant and by the person's language."""
    p, days = entry.person, entry.days_late
    when = today - timedelta(days=days)
    if p.language == "fr":
        if days == 0:
            return "Aujourd’hui"
        if m.sdui:
            return "hier" if days == 1 else f"il y a {days} jours"
        return f"{when.day} {FR_MONTHS[when.month - 1]}"
    if days == 0:
        return f"Celebrate {p.name}’s birthday today" if not m.sdui else "Birthday today"
    if m.sdui:
        return "Yesterday" if days == 1 else f"{days} days ago"
    return f"Recent birthday on {EN_MONTHS[when.month - 1]} {when.day}"


def _action_button(m: Markup, p: Person, suffix: str, *, with_message: bool) -> str:
    c = m.c
    if p.degree != 1:
        if p.mutual % 2 == 0:
            return (f'<button aria-label="Invite {e(p.name)} to connect" type="button" '
                    f'class="{c("artdeco-button artdeco-button--2 artdeco-button--secondary")}">'
                    f'<span class="{c("artdeco-button__text")}">Connect</span></button>')
        return (f'<button aria-label="Follow {e(p.name)}" type="button" '
                f'class="{c("artdeco-button artdeco-button--2 artdeco-button--secondary")}">'
                f'<span class="{c("artdeco-button__text")}">Follow</span></button>')
    if not with_message:
        return ""
    label = f"Message {p.name}" + (f": {suffix}" if suffix and not m.sdui else "")
    return (f'<button aria-label="{e(label)}" type="button" '
            f'class="{c("artdeco-button artdeco-button--2 artdeco-button--secondary")}">'
            f'<span class="{c("artdeco-button__text")}">Message</span></button>')


def card(m: Markup, p: Person, line: str, suffix: str, *, with_message: bool) -> str:
    c = m.c
    href = m.profile_href(p.slug)
    if m.sdui:
        return f"""<div role="listitem" componentkey="{e(m.uid())}">
  <div class="{c('catchup-card')}"><a href="{href}" tabindex="-1"><img class="{c('entity-photo')}"
   src="{AVATAR}" alt="" width="56" height="56"></a>
  <div class="{c('catchup-card__body')}"><p class="{c('catchup-card__name')}"><a href="{href}">{e(p.name)}</a></p>
  <p class="{c('catchup-card__line')}"><span>{e(line)}</span></p></div>
  <div>{_action_button(m, p, suffix, with_message=with_message)}</div></div></div>"""
    return f"""<div role="listitem" class="{c('artdeco-list__item mn-catch-up-card')}">
  <a class="{c('app-aware-link mn-catch-up-card__photo')}" href="{href}"><img
   class="{c('entity-photo')}" src="{AVATAR}" alt="{e(p.name)}" width="56" height="56"></a>
  <div class="{c('mn-catch-up-card__content')}">
    <a class="{c('app-aware-link')}" href="{href}"><span class="{c('t-16 t-black t-bold mn-catch-up-card__name')}">{e(p.name)}</span></a>
    <p class="{c('t-14 t-black--light mn-catch-up-card__occasion')}">{e(line)}</p>
  </div>
  {_action_button(m, p, suffix, with_message=with_message)}
</div>"""


def catchup_items(m: Markup, entries: list[BirthdayEntry], anniversaries: list[Person],
                  today: date, *, kind: str, with_message: bool) -> list[str]:
    items: list[str] = []
    for ent in entries:
        suffix = ("Wishing you a very happy birthday!" if ent.days_late == 0
                  else "Happy belated birthday!")
        items.append(card(m, ent.person, birthday_line(m, ent, today), suffix,
                          with_message=with_message))
    if kind == "all":
        # Work anniversaries mixed in: they carry Message buttons too, but are not birthdays.
        for i, p in enumerate(anniversaries):
            years = 2 + (p.mutual % 7)
            line = (f"Celebrate {p.name}’s {years} year work anniversary" if not m.sdui
                    else f"{years} years at {p.headline.split(' at ')[-1]}")
            items.insert(min(len(items), 1 + 2 * i),
                         card(m, p, line, "Congrats on your work anniversary!",
                              with_message=True))
    return items


def catchup_page(m: Markup, me: Person, items: list[str], *, kind: str) -> str:
    c = m.c
    heading = "Birthdays" if kind == "birthday" else "Catch up"
    first = "\n".join(items[:BATCH])
    current = ' aria-current="page"'
    pills = "".join(
        f'<a href="/mynetwork/catch-up/{k}/" class="{c("artdeco-pill")}"'
        f'{current if k == kind else ""}>{label}</a> '
        for k, label in (("all", "All"), ("birthday", "Birthdays"))
    )
    if m.sdui:
        body = f"""<section class="{c('catchup-shell')}"><h1 class="{c('catchup-title')}">{heading}</h1>
<nav aria-label="Catch up filters">{pills}</nav>
<div role="list" class="{c('catchup-list')}">{first}</div></section>"""
    else:
        body = f"""<section class="{c('artdeco-card mn-catch-up')}">
<header class="{c('mn-catch-up__header')}"><h1 class="{c('t-20 mn-catch-up__title')}">{heading}</h1>
<nav aria-label="Catch up filters">{pills}</nav></header>
<div role="list" class="{c('mn-catch-up__list')}">{first}</div></section>"""
    return page(m, me, title=f"{heading} | My Network | LinkedIn", page_key=f"mynetwork_{kind}",
                body=body)


def feed_page(m: Markup, me: Person, people: list[Person]) -> str:
    c = m.c
    posts = []
    for p in people[:5]:
        if m.sdui:
            posts.append(f"""<div role="article" class="{c('feed-post')}"><div class="{c('feed-post__actor')}">
<p class="{c('feed-post__name')}"><a href="{m.profile_href(p.slug)}">{e(p.name)}</a></p>
<p class="{c('feed-post__headline')}">{e(p.headline)}</p></div>
<p class="{c('feed-post__text')}"><span>Excited to share some news with my network!</span></p></div>""")
            continue
        posts.append(f"""<div class="{c('artdeco-card feed-shared-update-v2')}" role="article">
<a href="{m.profile_href(p.slug)}" class="{c('update-components-actor__meta-link')}">
<span class="{c('update-components-actor__title')}">{e(p.name)}</span></a>
<span class="{c('update-components-actor__description')}">{e(p.headline)}</span>
<div class="{c('feed-shared-update-v2__description')}"><p>Excited to share some news with my network!</p></div>
</div>""")
    body = f"""<div class="{c('feed-identity-module artdeco-card')}"><a href="{m.profile_href(me.slug)}">{e(me.name)}</a>
<p>{e(me.headline)}</p></div>
<h2 class="{c('visually-hidden')}">Feed post number 1</h2>
{''.join(posts)}"""
    return page(m, me, title="Feed | LinkedIn", page_key="feed", body=body)


def mynetwork_page(m: Markup, me: Person, received: int) -> str:
    c = m.c
    body = f"""<section class="{c('artdeco-card mn-invitations-preview')}">
<h2>Invitations ({received})</h2>
<a href="/mynetwork/invitation-manager/received/">Show all</a>
<a href="/mynetwork/invitation-manager/sent/">Sent</a></section>
<section class="{c('artdeco-card')}"><h2>Catch up</h2>
<a href="/mynetwork/catch-up/all/">Catch up with your connections</a>
<a href="/mynetwork/catch-up/birthday/">Birthdays</a></section>"""
    return page(m, me, title="My Network | LinkedIn", page_key="mynetwork", body=body)
