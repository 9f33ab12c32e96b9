"""Page frame shared by logged-in pages (global nav, overlays, toasts) and the logged-out pages."""

from __future__ import annotations

from functools import cache
from importlib import resources

from linkedin_auto.sandbox.pages.markup import Markup, e
from linkedin_auto.sandbox.people import Person

# A grey circle; images are often blocked by the bots' browser, a data URI costs nothing.
AVATAR = (
    "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='48' height='48'>"
    "<circle cx='24' cy='24' r='24' fill='%23c9c9c9'/></svg>"
)


@cache
def page_js() -> str:
    return resources.files("linkedin_auto.sandbox").joinpath("assets/page.js").read_text()


def css(m: Markup) -> str:
    s = m.sel
    return f"""
body{{margin:0;font-family:-apple-system,system-ui,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
  background:#f4f2ee;color:rgba(0,0,0,.9);font-size:14px}}
a{{color:#0a66c2;text-decoration:none}}
#global-nav{{position:fixed;top:0;left:0;right:0;height:52px;background:#fff;z-index:100;
  border-bottom:1px solid #e8e8e8;display:flex;align-items:center;padding:0 24px;gap:16px}}
#global-nav ul{{display:flex;gap:18px;list-style:none;margin:0;padding:0}}
#global-nav input{{width:280px;height:34px;background:#edf3f8;border:0;border-radius:4px;padding:0 8px}}
{s('global-nav__me-photo')}{{width:24px;height:24px;border-radius:50%}}
{s('application-outlet')}{{padding:76px 24px 400px;max-width:1128px;margin:0 auto}}
{s('artdeco-card')}{{background:#fff;border-radius:8px;border:1px solid #e0dfdc;
  margin-bottom:8px;padding:16px}}
[role=listitem],li{{list-style:none}}
main [role=listitem]>div{{display:flex;gap:12px;align-items:center;padding:12px 16px;
  border-bottom:1px solid #e8e8e8;background:#fff;min-height:72px}}
main nav a{{margin-right:12px}}
h1{{font-size:20px}} h2{{font-size:16px}}
{s('artdeco-list__item')}{{background:#fff;border-bottom:1px solid #e8e8e8;padding:16px;
  min-height:72px;display:flex;gap:12px;align-items:center}}
{s('entity-photo')}{{width:56px;height:56px;border-radius:50%}}
button{{border-radius:16px;border:1px solid #0a66c2;background:#fff;color:#0a66c2;
  padding:6px 16px;font-weight:600;cursor:pointer}}
button[disabled]{{opacity:.5;cursor:default}}
{s('artdeco-button--primary')}{{background:#0a66c2;color:#fff}}
#msg-overlay{{position:fixed;bottom:0;right:24px;display:flex;flex-direction:row;
  gap:8px;z-index:200;align-items:flex-end}}
{s('msg-overlay-conversation-bubble')}{{width:336px;height:400px;background:#fff;
  border:1px solid #ccc;border-radius:8px 8px 0 0;display:flex;flex-direction:column}}
{s('msg-overlay-bubble-header')}{{padding:8px;border-bottom:1px solid #eee;display:flex;
  justify-content:space-between;align-items:center}}
{s('msg-s-message-list-content')}{{flex:1;overflow:auto;margin:0;padding:8px}}
{s('msg-form__contenteditable')}{{min-height:60px;border:1px solid #ddd;margin:8px;padding:6px}}
{s('artdeco-modal-overlay')}{{position:fixed;inset:0;background:rgba(0,0,0,.6);z-index:1000;
  display:flex;align-items:center;justify-content:center}}
{s('artdeco-modal')}{{background:#fff;border-radius:8px;padding:24px;max-width:520px}}
#toasts{{position:fixed;left:24px;bottom:24px;z-index:1100}}
{s('artdeco-toast-item')}{{background:#fff;border-left:4px solid #cc1016;padding:12px 16px;
  box-shadow:0 4px 12px rgba(0,0,0,.15)}}
{s('visually-hidden')}{{position:absolute;width:1px;height:1px;overflow:hidden;
  clip:rect(0 0 0 0);white-space:nowrap}}
{s('artdeco-pagination')}{{display:flex;gap:8px;align-items:center;padding:16px}}
"""


def nav(m: Markup, me: Person) -> str:
    c = m.c
    return f"""
<header id="global-nav" class="{c('global-nav global-nav--jet-black')}">
  <a href="/feed/" class="{c('global-nav__logo')}" aria-label="LinkedIn">in</a>
  <div class="{c('search-global-typeahead')}">
    <input class="{c('search-global-typeahead__input')}" type="text" role="combobox"
      aria-autocomplete="list" aria-label="Search" aria-expanded="false" placeholder="Search">
  </div>
  <nav class="{c('global-nav__nav')}" aria-label="Primary Navigation">
    <ul class="{c('global-nav__primary-items')}">
      <li><a class="{c('global-nav__primary-link')}" href="/feed/">Home</a></li>
      <li><a class="{c('global-nav__primary-link')}" href="/mynetwork/">My Network</a></li>
      <li><a class="{c('global-nav__primary-link')}" href="/messaging/">Messaging</a></li>
      <li><button class="{c('global-nav__primary-link global-nav__primary-link-me-menu-trigger')}"
        type="button"><img class="{c('global-nav__me-photo evi-image')}" src="{AVATAR}"
        alt="{e(me.name)}" width="24" height="24"><span>Me</span></button></li>
    </ul>
  </nav>
</header>"""


def page(m: Markup, me: Person, *, title: str, body: str, page_key: str,
         lang: str = "en") -> str:
    """A logged-in page."""
    c = m.c
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="pageKey" content="urn:li:page:d_flagship3_{page_key};{m.variant}">
<title>{e(title)}</title><style>{css(m)}</style></head>
<body class="{c('render-mode-BIGPIPE nav-v2 theme theme--mercado')}">
{nav(m, me)}
<div class="{c('application-outlet')}">
<main id="main" class="{c('scaffold-layout__main')}" aria-label="Main Feed">
{body}
</main>
</div>
<div id="msg-overlay" class="{c('msg-overlay-container')}"></div>
<div id="toasts" class="{c('artdeco-toasts_toasts')}" aria-live="assertive"></div>
{recaptcha(m)}<script>{page_js()}</script>
</body></html>"""


def recaptcha(m: Markup) -> str:
    """Google's invisible reCAPTCHA as normal pages load it: a hidden anchor frame, the
    "challenge" frame (titled like Google's) and the badge. Not a checkpoint."""
    if not m.recaptcha:
        return ""
    key = "6Lc" + m.uid()
    return f"""<div class="grecaptcha-badge" data-style="none" style="width:256px;height:60px;position:fixed;visibility:hidden;bottom:14px;right:-186px">
<div class="grecaptcha-logo"><iframe title="reCAPTCHA" width="256" height="60" role="presentation" name="a-{e(key)}" frameborder="0" scrolling="no" sandbox="allow-forms allow-popups allow-same-origin allow-scripts allow-top-navigation allow-modals allow-popups-to-escape-sandbox" src="/recaptcha/api2/anchor?ar=1&amp;k={e(key)}&amp;size=invisible"></iframe></div>
<div class="grecaptcha-error"></div><textarea id="g-recaptcha-response" name="g-recaptcha-response" class="g-recaptcha-response" style="display:none"></textarea></div>
<div style="visibility:hidden;position:absolute;width:100%;top:-10000px;left:0;right:0"><iframe title="recaptcha challenge expires in two minutes" name="c-{e(key)}" frameborder="0" scrolling="no" src="/recaptcha/api2/bframe?hl=en&amp;k={e(key)}"></iframe></div>"""


def recaptcha_frame(frame: str) -> str:
    title = "recaptcha challenge expires in two minutes" if frame == "bframe" else "reCAPTCHA"
    return (f"<!DOCTYPE html><html><head><title>{e(title)}</title></head><body>"
            "<div class=\"rc-anchor rc-anchor-invisible\">protected by reCAPTCHA"
            " <a href=\"https://www.google.com/intl/en/policies/privacy/\">Privacy</a></div>"
            "</body></html>")


def bare(title: str, body: str) -> str:
    """Logged-out pages: no global nav."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>body{{font-family:system-ui,sans-serif;background:#fff;margin:0}}
main{{max-width:400px;margin:60px auto;padding:24px}}
input{{display:block;width:100%;margin:8px 0;padding:10px;box-sizing:border-box}}
button{{width:100%;padding:12px;border-radius:24px;border:0;background:#0a66c2;color:#fff;
font-weight:600}}</style></head><body>{body}</body></html>"""


def login_page(session_redirect: str, error: str = "") -> str:
    err = f'<div role="alert" class="alert-content">{e(error)}</div>' if error else ""
    return bare("LinkedIn Login, Sign in | LinkedIn", f"""
<main class="app__content" role="main">
  <h1 class="header__content__heading">Sign in</h1>
  <p class="header__content__subheading">Stay updated on your professional world</p>
  {err}
  <form class="login__form" method="post" action="/checkpoint/lg/login-submit">
    <input type="hidden" name="session_redirect" value="{e(session_redirect)}">
    <label for="username">Email or phone</label>
    <input id="username" name="session_key" type="text" autocomplete="username">
    <label for="password">Password</label>
    <input id="password" name="session_password" type="password" autocomplete="current-password">
    <button class="btn__primary--large from__button--floating" type="submit"
      aria-label="Sign in">Sign in</button>
  </form>
  <p>New to LinkedIn? <a href="/signup">Join now</a></p>
</main>""")


def authwall_page(session_redirect: str) -> str:
    return bare("Sign Up | LinkedIn", f"""
<main class="authwall-join-form" role="main">
  <h1>Join LinkedIn</h1>
  <p>Make the most of your professional life</p>
  <form class="join-form"><input type="email" aria-label="Email"><button type="button">Agree &amp;
  Join</button></form>
  <p>Already on LinkedIn? <a class="authwall-join-form__form-toggle--bottom"
    href="/login?session_redirect={e(session_redirect)}">Sign in</a></p>
</main>""")


def too_many_requests_page() -> str:
    # Deliberately tiny and without <main>, like the real one.
    return ("<!DOCTYPE html><html><head><title>LinkedIn</title></head><body>"
            "<p>Too many requests. Please slow down and try again later.</p></body></html>")


def slow_down_page() -> str:
    # The people-search variant: short, no <main>, its own wording.
    return ("<!DOCTYPE html><html><head><title>LinkedIn</title></head><body>"
            "<h1>Slow down</h1><p>You’re doing that too often. Please wait a while and try"
            " again.</p></body></html>")


def blank_page() -> str:
    # A 429 with nothing to read: only the HTTP status says what happened.
    return "<!DOCTYPE html><html><head><title></title></head><body></body></html>"


def id_verification_page() -> str:
    return bare("Account restricted | LinkedIn", """
<main class="app__content" role="main">
  <h1>Your account has been temporarily restricted</h1>
  <p>We noticed activity from your account that indicates it might be automated. To continue,
  please verify your identity.</p>
  <button type="button">Start verification</button>
</main>""")


def not_found_page(m: Markup, me: Person) -> str:
    return page(m, me, title="Page not found | LinkedIn", page_key="404", body=f"""
<section class="{m.c('artdeco-card not-found')}"><h1>This page doesn’t exist</h1>
<p>Please check your URL or return to LinkedIn home.</p><a href="/feed/">Go to your feed</a>
</section>""")
