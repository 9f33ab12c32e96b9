"""People search results and profile pages."""

from __future__ import annotations

from linkedin_auto.sandbox.pages.invitations import pagination
from linkedin_auto.sandbox.pages.markup import Markup, e
from linkedin_auto.sandbox.pages.shell import AVATAR, page
from linkedin_auto.sandbox.people import Person

RESULTS_PER_PAGE = 10
DEGREE = {1: "1st", 2: "2nd", 3: "3rd+"}


def _primary_action(m: Markup, p: Person) -> str:
    c = m.c
    cls = c("artdeco-button artdeco-button--2 artdeco-button--secondary")
    if p.degree == 1:
        return f'<button type="button" aria-label="Message {e(p.name)}" class="{cls}">Message</button>'
    if p.degree == 2:
        return (f'<button type="button" aria-label="Invite {e(p.name)} to connect" '
                f'class="{cls}">Connect</button>')
    return f'<button type="button" aria-label="Follow {e(p.name)}" class="{cls}">Follow</button>'


def search_result(m: Markup, p: Person) -> str:
    c = m.c
    href = m.profile_href(p.slug, search=True)
    degree = DEGREE[p.degree]
    if m.sdui:
        return f"""<div role="listitem" componentkey="{e(m.uid())}"><div class="{c('srp-card')}">
<a href="{href}" tabindex="-1"><img class="{c('entity-photo')}" src="{AVATAR}" alt="" width="56" height="56"></a>
<div class="{c('srp-card__body')}"><p class="{c('srp-card__title')}"><a href="{href}">{e(p.name)}</a>
<span class="{c('srp-card__degree')}"> • {degree}</span></p>
<p class="{c('srp-card__headline')}">{e(p.headline)}</p>
<p class="{c('srp-card__location')}">{e(p.location)}</p></div>{_primary_action(m, p)}</div></div>"""
    return f"""<li class="{c('reusable-search__result-container')}">
<div data-view-name="people-search-result" class="{c('entity-result')}">
<div class="{c('entity-result__item')}"><a class="{c('app-aware-link')}" href="{href}" aria-hidden="true" tabindex="-1">
<img class="{c('entity-photo')}" src="{AVATAR}" alt="" width="56" height="56"></a>
<div class="{c('entity-result__content')}"><span class="{c('entity-result__title-text t-16')}">
<a data-view-name="search-result-lockup-title" class="{c('app-aware-link')}" href="{href}"><span dir="ltr"><span aria-hidden="true">{e(p.name)}</span><span class="{c('visually-hidden')}">View {e(p.name)}’s profile</span></span></a></span>
<span class="{c('entity-result__badge-text')}"><span aria-hidden="true">• {degree}</span><span class="{c('visually-hidden')}">{degree} degree connection</span></span>
<div class="{c('entity-result__primary-subtitle t-14 t-black t-normal')}">{e(p.headline)}</div>
<div class="{c('entity-result__secondary-subtitle t-14 t-normal')}">{e(p.location)}</div></div>
<div class="{c('entity-result__actions')}">{_primary_action(m, p)}</div></div></div></li>"""


def search_page(m: Markup, me: Person, results: list[Person], total: int, page_no: int,
                keywords: str) -> str:
    c = m.c
    pages = max(1, -(-total // RESULTS_PER_PAGE))
    cards = "".join(search_result(m, p) for p in results)
    if not results:
        inner = f"""<section class="{c('artdeco-card search-reusable-search-no-results')}">
<h2>No results found</h2><p>Try shortening or rephrasing your search.</p></section>"""
    elif m.sdui:
        inner = f'<div role="list" class="{c("srp-list")}">{cards}</div>'
    else:
        inner = f'<ul role="list" class="{c("reusable-search__entity-result-list list-style-none")}">{cards}</ul>'
    count = f"About {total} results" if total else ""
    body = f"""<div class="{c('search-results-container')}">
<h2 class="{c('pb2 t-black--light t-14')}">{count}</h2>
{inner}{pagination(m, page_no, pages)}</div>"""
    title = f"{keywords} | Search | LinkedIn" if keywords else "Search | LinkedIn"
    return page(m, me, title=title, body=body, page_key="search_srp_people")


def profile_page(m: Markup, me: Person, p: Person) -> str:
    c = m.c
    degree = DEGREE[p.degree] if p.slug != me.slug else ""
    more = (f'<button type="button" aria-label="More actions" class="{c("artdeco-dropdown__trigger")}">'
            'More</button>')
    action = "" if p.slug == me.slug else _primary_action(m, p)
    if m.sdui:
        # Since 2026 the name is not always an <h1> on SDUI profiles.
        top = f"""<section class="{c('profile-top-card artdeco-card')}">
<img class="{c('entity-photo')}" src="{AVATAR}" alt="{e(p.name)}" width="96" height="96">
<div class="{c('profile-top-card__name-row')}"><h2 class="{c('profile-top-card__name')}">{e(p.name)}</h2>
<span class="{c('profile-top-card__degree')}"> · {degree}</span></div>
<p class="{c('profile-top-card__headline')}">{e(p.headline)}</p>
<p class="{c('profile-top-card__location')}">{e(p.location)} · <a href="{m.profile_href(p.slug)}overlay/contact-info/">Contact info</a></p>
<div class="{c('profile-top-card__actions')}">{action}{more}</div></section>"""
    else:
        top = f"""<section class="{c('artdeco-card pv-top-card')}"><div class="{c('ph5 pb5')}">
<img class="{c('pv-top-card-profile-picture__image entity-photo')}" src="{AVATAR}" alt="{e(p.name)}" width="96" height="96">
<div class="{c('mt2 relative')}"><div><h1 class="{c('text-heading-xlarge inline t-24 v-align-middle break-words')}">{e(p.name)}</h1>
<span class="{c('dist-value')}">{degree}</span></div>
<div class="{c('text-body-medium break-words')}">{e(p.headline)}</div>
<div class="{c('mt2')}"><span class="{c('text-body-small inline t-black--light break-words')}">{e(p.location)}</span>
<a href="{m.profile_href(p.slug)}overlay/contact-info/">Contact info</a></div></div>
<div class="{c('pv-top-card-v2-ctas')}">{action}{more}</div></div></section>"""
    about = f"""<section class="{c('artdeco-card')}"><h2>About</h2>
<p>{e(p.headline)}. Based in {e(p.location)}.</p></section>"""
    return page(m, me, title=f"{p.name} | LinkedIn", body=top + about, page_key="profile_view_base")
