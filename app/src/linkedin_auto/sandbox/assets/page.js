// Client behaviour of the sandbox pages. It binds by roles, aria-labels and /in/ links only
// (like a user would see the page), so it works unchanged on every markup variant.
(function () {
  "use strict";
  const pageKey = (document.querySelector('meta[name="pageKey"]') || {}).content || "";

  function csrf() {
    const m = document.cookie.match(/(?:^|;\s*)JSESSIONID=("?)([^;"]*)\1/);
    return m ? m[2] : "";
  }

  async function api(method, url, body) {
    const r = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: {
        "csrf-token": csrf(),
        "x-li-page-instance": pageKey,
        "content-type": "application/json",
        accept: "application/json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (r.status === 401) {
      location.reload();
      return null;
    }
    const type = r.headers.get("content-type") || "";
    return type.includes("json") ? r.json() : { ok: r.ok, html: await r.text(), more: r.headers.get("x-more") };
  }

  function frag(html) {
    const t = document.createElement("template");
    t.innerHTML = html.trim();
    return t.content.firstElementChild;
  }

  function slugOf(href) {
    const m = (href || "").match(/\/in\/([^/?#]+)/);
    return m ? decodeURIComponent(m[1]) : null;
  }

  function cardOf(el) {
    return el.closest("[role=listitem], li, section");
  }

  function slugFrom(el) {
    const card = cardOf(el);
    const a = card && card.querySelector("a[href*='/in/']");
    return slugOf(a ? a.getAttribute("href") : location.pathname);
  }

  function showToast(html) {
    const t = frag(html);
    let box = document.getElementById("toasts");
    (box || document.body).appendChild(t);
    setTimeout(() => t.remove(), 8000);
  }

  function showModal(html, onConfirm) {
    const d = frag(html);
    document.body.appendChild(d);
    const buttons = d.querySelectorAll("button");
    buttons.forEach((b, i) => {
      b.addEventListener("click", (ev) => {
        ev.stopPropagation();
        d.remove();
        if (onConfirm && i === buttons.length - 1) onConfirm();
      });
    });
    const primary = buttons[buttons.length - 1];
    if (primary) primary.focus();
  }

  function handleFailure(res) {
    if (!res) return;
    if (res.toast) showToast(res.toast);
    if (res.alert) showModal(res.alert, null);
  }

  async function act(url, card, confirmed) {
    const res = await api("POST", url + (confirmed ? "?confirmed=true" : ""), {});
    if (!res) return;
    if (res.dialog) {
      showModal(res.dialog, () => act(url, card, true));
      return;
    }
    if (!res.ok) return handleFailure(res);
    if (card && res.html !== undefined) {
      if (res.html) card.replaceWith(frag(res.html));
      else card.remove();
    }
  }

  // -- messaging ------------------------------------------------------------------------------
  const overlays = new Map(); // slug -> overlay element, oldest first
  const MAX_OVERLAYS = 3;

  function bindForm(form, slug, root) {
    if (!form || form.dataset.bound) return;
    form.dataset.bound = "1";
    const box = form.querySelector("[role=textbox]");
    const send = form.querySelector("button[type=submit]");
    const update = () => {
      send.disabled = !box.innerText.trim();
    };
    box.addEventListener("input", update);
    update();
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const text = box.innerText.replace(/\n+$/, "");
      if (!text.trim()) return;
      send.disabled = true;
      const res = await api("POST", "/voyager/api/messaging/conversations/" + encodeURIComponent(slug) + "/events", { text });
      if (res && res.ok) {
        if (res.html) {
          root.querySelector("ul").insertAdjacentHTML("beforeend", res.html);
        } else {  // overlay_no_echo / send_lost: a status line only, not the text
          let status = form.querySelector("[role=status]");
          if (!status) {
            status = document.createElement("span");
            status.setAttribute("role", "status");
            form.querySelector("footer").prepend(status);
          }
          status.textContent = res.status || "Sent";
        }
        box.innerHTML = "";
      } else {
        handleFailure(res);
      }
      update();
    });
  }

  async function openOverlay(slug) {
    if (overlays.has(slug)) {
      overlays.get(slug).querySelector("[role=textbox]").focus();
      return;
    }
    const res = await api("GET", "/voyager/api/messaging/overlay?recipient=" + encodeURIComponent(slug));
    if (!res || !res.ok) return handleFailure(res);
    const container = document.getElementById("msg-overlay");
    for (const o of res.open) {
      if (overlays.has(o.slug)) continue;
      const el = frag(o.html);
      container.prepend(el); // newest first in the DOM and rightmost on screen
      overlays.set(o.slug, el);
      bindForm(el.querySelector("form"), o.slug, el);
    }
    while (overlays.size > MAX_OVERLAYS) {
      const [oldest, el] = overlays.entries().next().value;
      el.remove();
      overlays.delete(oldest);
    }
    const focus = overlays.get(res.focus);
    if (focus) focus.querySelector("[role=textbox]").focus();
  }

  // -- clicks ---------------------------------------------------------------------------------
  document.addEventListener("click", (ev) => {
    const b = ev.target.closest("button");
    if (!b || b.disabled) return;
    const label = b.getAttribute("aria-label") || "";
    const card = cardOf(b);
    if (label.startsWith("Close your conversation with")) {
      for (const [slug, el] of overlays) {
        if (el.contains(b)) {
          el.remove();
          overlays.delete(slug);
        }
      }
    } else if (label.startsWith("Message ")) {
      const slug = slugFrom(b);
      if (slug) openOverlay(slug);
    } else if (label.startsWith("Accept ") && label.endsWith("invitation")) {
      act("/voyager/api/relationships/invitations/" + encodeURIComponent(slugFrom(b)) + "/accept", card);
    } else if (label.startsWith("Ignore an invitation")) {
      act("/voyager/api/relationships/invitations/" + encodeURIComponent(slugFrom(b)) + "/ignore", card);
    } else if (label.includes("Withdraw") || label.includes("Retirer")) {
      act("/voyager/api/relationships/sentInvitations/" + encodeURIComponent(slugFrom(b)) + "/withdraw", card);
    } else if (label.startsWith("Invite ") && label.endsWith("to connect")) {
      act("/voyager/api/relationships/connect/" + encodeURIComponent(slugFrom(b)), null).then(() => {
        b.disabled = true;
        b.textContent = "Pending";
      });
    } else if (label.startsWith("Follow ")) {
      act("/voyager/api/feed/follows/" + encodeURIComponent(slugFrom(b)), null).then(() => {
        b.textContent = "Following";
      });
    } else if (/^(Page \d+|Next|Previous)$/.test(label)) {
      const u = new URL(location.href);
      const cur = parseInt(u.searchParams.get("page") || "1", 10);
      const page = label === "Next" ? cur + 1 : label === "Previous" ? cur - 1 : parseInt(label.slice(5), 10);
      u.searchParams.set("page", String(page));
      location.href = u.toString();
    }
  });

  // -- global search box ----------------------------------------------------------------------
  const search = document.querySelector("#global-nav input[role=combobox]");
  if (search) {
    search.addEventListener("keydown", (ev) => {
      if (ev.key !== "Enter" || !search.value.trim()) return;
      location.href = "/search/results/all/?keywords=" + encodeURIComponent(search.value.trim()) + "&origin=GLOBAL_SEARCH_HEADER";
    });
  }

  // -- full-page conversation -----------------------------------------------------------------
  // The thread id in the URL is opaque: the recipient is the profile linked in the page's header.
  if (/^\/messaging\/thread\/[^/]+\//.test(location.pathname)) {
    const main = document.querySelector("main");
    const who = main && main.querySelector("h2 a[href*='/in/']");
    const slug = who && slugOf(who.getAttribute("href"));
    if (slug) bindForm(main.querySelector("form"), slug, main);
  }

  // -- lazily rendered catch-up cards ---------------------------------------------------------
  const catchup = location.pathname.match(/^\/mynetwork\/catch-up\/(birthday|all)\//);
  if (catchup) {
    const list = document.querySelector("main [role=list]");
    let loading = false;
    let more = true;
    const nearBottom = () => window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 300;
    const load = async () => {
      if (loading || !more || !list) return;
      loading = true;
      const start = list.querySelectorAll(":scope > [role=listitem]").length;
      const res = await api("GET", "/voyager/api/growth/catchup?kind=" + catchup[1] + "&start=" + start);
      loading = false;
      if (!res) return;
      more = res.more === "1";
      if (res.html) list.insertAdjacentHTML("beforeend", res.html);
      // keep filling while the page is not tall enough to scroll
      if (more && document.documentElement.scrollHeight <= window.innerHeight + 10) load();
    };
    window.addEventListener("scroll", () => {
      if (nearBottom()) load();
    }, { passive: true });
    if (document.documentElement.scrollHeight <= window.innerHeight + 10) load();
  }
})();
