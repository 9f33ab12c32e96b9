"""Invitation manager (received and sent) and the popups actions can raise."""

from __future__ import annotations

from linkedin_auto.sandbox.pages.markup import Markup, e
from linkedin_auto.sandbox.pages.shell import AVATAR, page
from linkedin_auto.sandbox.people import Person
from linkedin_auto.sandbox.state import ReceivedInvitation, SentInvitation

RECEIVED_PER_LOAD = 10
SENT_PER_PAGE = 10


# -- popups ------------------------------------------------------------------------------------

def error_toast(m: Markup, text: str = "Something went wrong. Please try again.") -> str:
    # The data-test attribute and role are LinkedIn's own on both variants.
    return f"""<div data-test-artdeco-toast-item-type="error" role="alert"
 class="{m.c('artdeco-toast-item artdeco-toast-item--visible')}">
<p class="{m.c('artdeco-toast-item__message')}">{e(text)}</p>
<button type="button" aria-label="Dismiss" class="{m.c('artdeco-toast-item__dismiss')}">×</button></div>"""


def limit_alert(m: Markup) -> str:
    # The ip-fuse class is shared by both variants (a common component), as on the real site.
    c = m.c
    return f"""<div class="{c('artdeco-modal-overlay')}"><div role="dialog" aria-labelledby="ip-fuse-limit-alert__header"
 class="ip-fuse-limit-alert__warning {c('artdeco-modal')}">
<h2 id="ip-fuse-limit-alert__header">You’re out of invitations for now</h2>
<p>You’ve reached the weekly invitation limit. Please try again next week.</p>
<button type="button" class="{c('artdeco-button artdeco-button--primary ip-fuse-limit-alert__primary-action')}">Got it</button>
</div></div>"""


def confirm_dialog(m: Markup, title: str, text: str, confirm: str, cancel: str = "Cancel") -> str:
    """A modal whose last button confirms (the sandbox's page script relies on that order)."""
    c = m.c
    uid = m.uid()
    return f"""<div class="{c('artdeco-modal-overlay artdeco-modal-overlay--is-top-layer')}">
<div role="dialog" aria-labelledby="{uid}-header" class="{c('artdeco-modal artdeco-modal--layer-confirmation')}">
<button type="button" aria-label="Dismiss" class="{c('artdeco-modal__dismiss')}">×</button>
<h2 id="{uid}-header" class="{c('artdeco-modal__header')}">{e(title)}</h2>
<div class="{c('artdeco-modal__content')}"><p>{e(text)}</p></div>
<div class="{c('artdeco-modal__actionbar')}">
<button type="button" class="{c('artdeco-modal__confirm-dialog-btn artdeco-button artdeco-button--secondary')}">{e(cancel)}</button>
<button type="button" class="{c('artdeco-modal__confirm-dialog-btn artdeco-button artdeco-button--primary')}">{e(confirm)}</button>
</div></div></div>"""


def take_care_dialog(m: Markup, p: Person) -> str:
    return confirm_dialog(
        m, "Take care when connecting",
        f"Only accept invitations from people you know and trust. Connecting with {p.name} "
        "gives them access to your network and contact information.",
        "Accept",
    )


def withdraw_dialog(m: Markup, p: Person) -> str:
    if p.language == "fr":
        return confirm_dialog(
            m, "Retirer l’invitation",
            f"Si vous retirez maintenant, vous ne pourrez pas renvoyer d’invitation à {p.name} "
            "pendant 3 semaines.", "Retirer", "Annuler")
    return confirm_dialog(
        m, "Withdraw invitation",
        f"If you withdraw now, you won’t be able to resend to {p.name} for up to 3 weeks.",
        "Withdraw")


# -- received ----------------------------------------------------------------------------------

def _mutual(n: int) -> str:
    return "1 mutual connection" if n == 1 else f"{n} mutual connections"


def _ago(days: int) -> str:
    if days == 0:
        return "Today"
    if days < 7:
        return "Yesterday" if days == 1 else f"{days} days ago"
    return f"{days // 7} week{'s' if days >= 14 else ''} ago"


def received_card(m: Markup, p: Person, inv: ReceivedInvitation) -> str:
    c = m.c
    href = m.profile_href(p.slug)
    ignore = (f'<button type="button" aria-label="Ignore an invitation to connect from {e(p.name)}" '
              f'class="{c("artdeco-button artdeco-button--2 artdeco-button--muted artdeco-button--tertiary")}">'
              f'<span class="{c("artdeco-button__text")}">Ignore</span></button>')
    accept = (f'<button type="button" aria-label="Accept {e(p.name)}’s invitation" '
              f'class="{c("artdeco-button artdeco-button--2 artdeco-button--secondary")}">'
              f'<span class="{c("artdeco-button__text")}">Accept</span></button>')
    sub = (f"{p.name} follows you" if inv.follows else p.headline)
    mutual = "" if inv.follows or not p.mutual else _mutual(p.mutual)
    if m.sdui:
        return f"""<div role="listitem" componentkey="{e(m.uid())}"><div class="{c('inv-card')}">
<a href="{href}" tabindex="-1"><img class="{c('entity-photo')}" src="{AVATAR}" alt="" width="56" height="56"></a>
<div class="{c('inv-card__body')}"><p class="{c('inv-card__name')}"><a href="{href}">{e(p.name)}</a></p>
<p class="{c('inv-card__sub')}">{e(sub)}</p><p class="{c('inv-card__insight')}">{e(mutual)}</p>
<p class="{c('inv-card__time')}">{_ago(inv.days_ago)}</p></div>
<div class="{c('inv-card__actions')}">{ignore}{accept}</div></div></div>"""
    return f"""<li class="{c('invitation-card artdeco-list__item')}">
<div class="{c('invitation-card__container')}">
<a class="{c('invitation-card__picture')}" href="{href}"><img class="{c('entity-photo')}" src="{AVATAR}" alt="{e(p.name)}" width="56" height="56"></a>
<div class="{c('invitation-card__details')}">
<a class="{c('invitation-card__link app-aware-link')}" href="{href}"><span class="{c('invitation-card__title t-16 t-black t-bold')}">{e(p.name)}</span></a>
<span class="{c('invitation-card__subtitle t-14 t-black--light')}">{e(sub)}</span>
<span class="{c('member-insights__reason t-12')}">{e(mutual)}</span>
<time class="{c('time-badge t-12 t-black--light')}">{_ago(inv.days_ago)}</time></div>
<div class="{c('invitation-card__action-container')}">{ignore}{accept}</div></div></li>"""


def accepted_card(m: Markup, p: Person) -> str:
    tag = "div" if m.sdui else "li"
    role = ' role="listitem"' if m.sdui else ""
    return f"""<{tag}{role} class="{m.c('invitation-card artdeco-list__item')}">
<a href="{m.profile_href(p.slug)}">{e(p.name)}</a> <span>is now a connection</span></{tag}>"""


def received_page(m: Markup, me: Person, cards: list[str], total: int, *,
                  notice: bool = True) -> str:
    c = m.c
    tabs = _tabs(m, "received")
    if not cards:
        inner = _empty(m, notice)
    elif m.sdui:
        inner = f'<div role="list" class="{c("inv-list")}">{"".join(cards)}</div>'
    else:
        inner = f'<ul class="{c("artdeco-list mn-invitation-list")}">{"".join(cards)}</ul>'
    body = f"""<section class="{c('artdeco-card mn-invitation-manager')}">{tabs}
<h2 class="{c('t-16 mn-invitation-manager__header')}">People ({total})</h2>{inner}</section>"""
    return page(m, me, title="Invitations | My Network | LinkedIn", body=body,
                page_key="invitation_manager_received")


def _empty(m: Markup, notice: bool) -> str:
    """The empty state; without its sentence (``no_empty_notice``) only a blank illustration
    remains, which a bot cannot tell from a page that failed to render its list."""
    if notice:
        return f'<p class="{m.c("mn-invitation-manager__empty")}">No pending invitations</p>'
    return f'<div class="{m.c("artdeco-empty-state")}"><img src="{AVATAR}" alt=""></div>'


def _tabs(m: Markup, current: str) -> str:
    out = []
    for key, label in (("received", "Received"), ("sent", "Sent")):
        cur = ' aria-current="page"' if key == current else ""
        out.append(f'<a href="/mynetwork/invitation-manager/{key}/" '
                   f'class="{m.c("artdeco-tab")}"{cur}>{label}</a>')
    return f'<nav aria-label="Invitations" class="{m.c("artdeco-tablist")}">{"".join(out)}</nav>'


# -- sent --------------------------------------------------------------------------------------

def sent_age(days: int, lang: str) -> str:
    if lang == "fr":
        if days == 0:
            return "Envoyée aujourd’hui"
        if days < 7:
            return f"Envoyée il y a {days} jour{'s' if days > 1 else ''}"
        if days < 30:
            return f"Envoyée il y a {days // 7} semaine{'s' if days >= 14 else ''}"
        return f"Envoyée il y a {days // 30} mois"
    if days == 0:
        return "Sent today"
    if days < 7:
        return f"Sent {days} day{'s' if days > 1 else ''} ago"
    if days < 30:
        return f"Sent {days // 7} week{'s' if days >= 14 else ''} ago"
    months = days // 30
    return f"Sent {months} month{'s' if months > 1 else ''} ago"


def sent_card(m: Markup, p: Person, inv: SentInvitation) -> str:
    c = m.c
    href = m.profile_href(p.slug)
    if p.language == "fr":
        label, text = f"Retirer l’invitation envoyée à {p.name}", "Retirer"
    else:
        label, text = f"Withdraw invitation sent to {p.name}", "Withdraw"
    button = (f'<button type="button" aria-label="{e(label)}" '
              f'class="{c("artdeco-button artdeco-button--2 artdeco-button--muted artdeco-button--tertiary")}">'
              f'<span class="{c("artdeco-button__text")}">{text}</span></button>')
    age = sent_age(inv.days_ago, p.language)
    if m.sdui:
        return f"""<div role="listitem" componentkey="{e(m.uid())}"><div class="{c('sent-card')}">
<p class="{c('sent-card__name')}"><a href="{href}">{e(p.name)}</a></p>
<p class="{c('sent-card__headline')}">{e(p.headline)}</p>
<p class="{c('sent-card__age')}"><span>{e(age)}</span></p>{button}</div></div>"""
    return f"""<li class="{c('invitation-card artdeco-list__item')}">
<div class="{c('invitation-card__container')}">
<a class="{c('invitation-card__link app-aware-link')}" href="{href}"><span class="{c('invitation-card__title t-16 t-black t-bold')}">{e(p.name)}</span></a>
<span class="{c('invitation-card__subtitle t-14 t-black--light')}">{e(p.headline)}</span>
<time class="{c('time-badge t-12 t-black--light')}">{e(age)}</time>
<div class="{c('invitation-card__action-container')}">{button}</div></div></li>"""


def pagination(m: Markup, page_no: int, pages: int) -> str:
    if pages <= 1:
        return ""
    c = m.c
    prev_dis = " disabled" if page_no <= 1 else ""
    next_dis = " disabled" if page_no >= pages else ""
    current = ' aria-current="true"'
    items = "".join(
        f'<li><button type="button" aria-label="Page {i}"'
        f'{current if i == page_no else ""}>{i}</button></li>'
        for i in range(1, pages + 1)
    )
    return f"""<div class="{c('artdeco-pagination artdeco-pagination--has-controls')}">
<button type="button" aria-label="Previous" class="{c('artdeco-pagination__button--previous')}"{prev_dis}>Previous</button>
<ul class="{c('artdeco-pagination__pages')}">{items}</ul>
<button type="button" aria-label="Next" class="{c('artdeco-pagination__button--next')}"{next_dis}>Next</button></div>"""


def sent_page(m: Markup, me: Person, cards: list[str], total: int, page_no: int,
              pages: int, *, notice: bool = True) -> str:
    c = m.c
    if not cards:
        inner = _empty(m, notice)
    elif m.sdui:
        inner = f'<div role="list" class="{c("sent-list")}">{"".join(cards)}</div>'
    else:
        inner = f'<ul class="{c("artdeco-list mn-invitation-list")}">{"".join(cards)}</ul>'
    body = f"""<section class="{c('artdeco-card mn-invitation-manager')}">{_tabs(m, 'sent')}
<h2 class="{c('t-16 mn-invitation-manager__header')}">People ({total})</h2>{inner}
{pagination(m, page_no, pages)}</section>"""
    return page(m, me, title="Sent invitations | My Network | LinkedIn", body=body,
                page_key="invitation_manager_sent")
