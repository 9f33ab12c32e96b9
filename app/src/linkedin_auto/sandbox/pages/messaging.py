"""Messaging: the conversation overlay (legacy `aside`, SDUI `div[role=dialog]`) and the
full-page thread, both showing the conversation's history."""

from __future__ import annotations

from typing import Any

from linkedin_auto.sandbox.pages.markup import Markup, e
from linkedin_auto.sandbox.pages.shell import page
from linkedin_auto.sandbox.people import Person


def message_item(m: Markup, me: Person, msg: dict[str, Any]) -> str:
    c = m.c
    ts = str(msg["ts"])
    text = "<br>".join(e(line) for line in str(msg["text"]).split("\n"))
    return f"""<li class="{c('msg-s-message-list__event')}"><div class="{c('msg-s-event-listitem')}">
<span class="{c('msg-s-message-group__name')}">{e(me.name)}</span>
<time class="{c('msg-s-message-group__timestamp')}" datetime="{e(ts)}">{e(ts[11:16])}</time>
<p class="{c('msg-s-event-listitem__body')}">{text}</p></div></li>"""


def _form(m: Markup) -> str:
    c = m.c
    return f"""<form class="{c('msg-form')}">
<div class="{c('msg-form__msg-content-container')}">
<div class="{c('msg-form__contenteditable t-14 flex-grow-1')}" contenteditable="true" role="textbox"
 aria-multiline="true" aria-label="Write a message…"></div></div>
<footer class="{c('msg-form__footer')}"><button class="{c('msg-form__send-button artdeco-button artdeco-button--1')}"
 type="submit" disabled>Send</button></footer></form>"""


def overlay(m: Markup, me: Person, p: Person, history: list[dict[str, Any]], *,
            aside_dialog: bool = False) -> str:
    c = m.c
    items = "".join(message_item(m, me, msg) for msg in history)
    uid = m.uid()
    close = (f'<button type="button" aria-label="Close your conversation with {e(p.name)}" '
             f'class="{c("msg-overlay-bubble-header__control artdeco-button--circle")}">×</button>')
    if aside_dialog:  # fault overlay_aside_dialog: neither LinkedIn's classes nor a div
        title_id = f"{uid}-message-overlay-title"
        return f"""<aside role="dialog" aria-labelledby="{title_id}" class="{c('msg-convo-wrapper')}">
<header><h2 id="{title_id}"><a href="{m.profile_href(p.slug)}">{e(p.name)}</a></h2>{close}</header>
<ul class="{c('msg-s-message-list-content')}">{items}</ul>{_form(m)}</aside>"""
    if m.sdui:
        title_id = f"{uid}-message-overlay-title"
        return f"""<div role="dialog" aria-labelledby="{title_id}" class="{c('msg-overlay-conversation-bubble')}">
<div class="{c('msg-overlay-bubble-header')}"><h2 id="{title_id}" class="{c('overlay-title')}">
<a href="{m.profile_href(p.slug)}">{e(p.name)}</a></h2>{close}</div>
<ul class="{c('msg-s-message-list-content')}">{items}</ul>{_form(m)}</div>"""
    return f"""<aside class="{c('msg-overlay-conversation-bubble msg-overlay-conversation-bubble--default-inactive')}">
<header class="{c('msg-overlay-bubble-header')}"><h2 id="{uid}" class="{c('msg-overlay-bubble-header__title t-14 t-bold')}">
<a class="{c('profile-card-one-to-one__profile-link')}" href="{m.profile_href(p.slug)}">
<span class="{c('msg-entity-lockup__entity-title')}">{e(p.name)}</span></a></h2>{close}</header>
<div class="{c('msg-s-message-list')}"><ul class="{c('msg-s-message-list-content')}">{items}</ul></div>
{_form(m)}</aside>"""


def thread_page(m: Markup, me: Person, p: Person, history: list[dict[str, Any]]) -> str:
    c = m.c
    items = "".join(message_item(m, me, msg) for msg in history)
    body = f"""<section class="{c('artdeco-card msg-thread')}">
<div class="{c('msg-title-bar')}"><h2 class="{c('msg-entity-lockup__entity-title')}">
<a href="{m.profile_href(p.slug)}">{e(p.name)}</a></h2></div>
<ul class="{c('msg-s-message-list-content')}">{items}</ul>
{_form(m)}</section>"""
    return page(m, me, title=f"{p.name} | Messaging | LinkedIn", page_key="messaging_thread",
                body=body)


# The list shows the most recent conversations only; older ones are found with its search.
INBOX_SHOWN = 20


def inbox_page(m: Markup, me: Person, people: list[tuple[Person, str]], *,
               search: str = "") -> str:
    """/messaging/: recent conversations (each a link to /messaging/thread/<opaque id>/) and
    the "Search messages" box (a GET form, ``searchTerm``) that finds older ones by name."""
    c = m.c
    href = (lambda tid: f"{m.origin}/messaging/thread/{tid}/") if m.sdui else (
        lambda tid: f"/messaging/thread/{tid}/")
    rows = "".join(
        f'<li class="{c("msg-conversation-listitem")}"><a class="{c("msg-conversation-listitem__link")}" '
        f'href="{e(href(tid))}"><h3 class="{c("msg-conversation-listitem__participant-names")}">'
        f'{e(p.name)}</h3></a></li>'
        for p, tid in people[:INBOX_SHOWN]
    )
    empty = "" if rows else f'<p class="{c("msg-conversations-container__empty")}">No messages found</p>'
    body = f"""<section class="{c('artdeco-card msg-conversations-container')}">
<h1>Messaging</h1>
<form method="get" action="/messaging/" role="search" class="{c('msg-search-form')}">
<input type="search" name="searchTerm" value="{e(search)}" aria-label="Search messages"
 placeholder="Search messages" class="{c('msg-search-form__search-field')}"></form>
<ul class="{c('msg-conversations-container__conversations-list')}">{rows}</ul>{empty}
</section>"""
    return page(m, me, title="Messaging | LinkedIn", page_key="messaging", body=body)
