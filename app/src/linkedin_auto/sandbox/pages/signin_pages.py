"""Sign-in steps a person goes through after the password: a 2FA code, an "approve in the app"
wait page and a security check (one click, or a typed answer). Logged-out pages, no nav."""

from __future__ import annotations

from linkedin_auto.sandbox.pages.markup import e
from linkedin_auto.sandbox.pages.shell import bare

SECURITY_TITLE = "Security Verification | LinkedIn"


def _alert(error: str) -> str:
    return f'<div role="alert" class="alert-content">{e(error)}</div>' if error else ""


def pin_page(action: str, error: str = "") -> str:
    return bare(SECURITY_TITLE, f"""
<main class="app__content" role="main">
  <h1>Enter the code we sent</h1>
  <p>We sent a 6-digit verification code to your phone. Enter it to finish signing in.</p>
  {_alert(error)}
  <form method="post" action="{e(action)}">
    <label for="input__phone_verification_pin">Enter the 6-digit code</label>
    <input id="input__phone_verification_pin" name="pin" type="text" inputmode="numeric"
      autocomplete="one-time-code" maxlength="6">
    <button id="two-step-submit-button" type="submit">Submit</button>
  </form>
</main>""")


def app_wait_page(status_url: str, done_url: str) -> str:
    # The real page polls too: it moves on by itself once the phone says yes.
    return bare(SECURITY_TITLE, f"""
<main class="app__content" role="main">
  <h1>Check your LinkedIn app</h1>
  <p>We sent a notification to your signed-in devices. Open the LinkedIn app and tap
  <b>Yes</b> to confirm it&#39;s you.</p>
  <p role="status" id="app-wait-status">Waiting for your approval…</p>
</main>
<script>
(function poll() {{
  fetch({status_url!r}, {{credentials: "same-origin"}}).then(r => r.json()).then(s => {{
    if (s.approved) location.assign({done_url!r}); else setTimeout(poll, 1000);
  }}).catch(() => setTimeout(poll, 2000));
}})();
</script>""")


def security_check_page(action: str, mode: str, question: str = "", error: str = "") -> str:
    """mode "click": tick "I'm not a robot" and press Verify; "answer": type the shown word."""
    if mode == "answer":
        fields = f"""
    <p>Type the word shown below to continue.</p>
    <p class="challenge-word" aria-label="Challenge word"><b>{e(question)}</b></p>
    <label for="challenge-answer">Your answer</label>
    <input id="challenge-answer" name="answer" type="text" autocomplete="off">"""
    else:
        fields = """
    <label class="challenge-checkbox"><input id="not-a-robot" name="not_a_robot"
      type="checkbox" value="yes" style="display:inline;width:auto"> I&#39;m not a robot</label>"""
    return bare(SECURITY_TITLE, f"""
<main class="app__content" role="main">
  <h1>Let&#39;s do a quick security check</h1>
  <p>We noticed some unusual activity. To keep your account safe, please verify it&#39;s you.</p>
  {_alert(error)}
  <form method="post" action="{e(action)}">{fields}
    <button id="challenge-submit-button" type="submit">Verify</button>
  </form>
</main>""")
