"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { get, post } from "@/lib/api";
import type { AuthState } from "@/lib/types";
import { useOnline } from "@/lib/connection";
import { setTimeZone, timeZone } from "@/lib/format";
import UpdateBanner from "@/components/UpdateBanner";

const NAV: [string, string][] = [
  ["/", "Overview"],
  ["/bots/", "Bots"],
  ["/runs/", "Runs"],
  ["/wishes/", "Wishes to check"],
  ["/contacts/", "Contacts"],
  ["/schedules/", "Schedules"],
  ["/messages/", "Messages"],
  ["/session/", "LinkedIn session"],
  ["/settings/", "Settings"],
  ["/notifications/", "Notifications"],
  ["/system/", "System"],
  ["/system/updates/", "Updates"],
];
const PUBLIC = ["/login/", "/setup/"];

function norm(p: string | null): string {
  if (!p) return "/";
  return p.endsWith("/") ? p : p + "/";
}

export default function Shell({ children }: { children: React.ReactNode }) {
  const path = norm(usePathname());
  const router = useRouter();
  const online = useOnline();
  const [auth, setAuth] = useState<AuthState | null>(null);
  const [menu, setMenu] = useState(false);
  const isPublic = PUBLIC.includes(path);

  useEffect(() => {
    let stop = false;
    get("/api/auth/state")
      .then((s) => {
        if (stop) return;
        setTimeZone(s.timezone);
        setAuth(s);
        if (s.setup_required && path !== "/setup/") router.replace("/setup/");
        else if (!s.setup_required && !s.authenticated && !isPublic)
          router.replace("/login/?next=" + encodeURIComponent(path));
      })
      .catch(() => {
        /* offline: the banner says so; retry on reconnect below */
      });
    return () => {
      stop = true;
    };
  }, [path, isPublic, router, online]);

  useEffect(() => setMenu(false), [path]);

  const banner = !online && (
    <div className="banner" role="status">
      The appliance is not answering (restarting or upgrading?). Reconnecting automatically…
    </div>
  );

  if (isPublic) {
    return (
      <>
        {banner}
        <main className="public">{children}</main>
      </>
    );
  }

  const ready = auth?.authenticated;
  return (
    <div className="shell">
      <header className="topbar">
        <button
          className="menu-btn"
          aria-label="Menu"
          aria-expanded={menu}
          aria-controls="nav"
          onClick={() => setMenu(!menu)}
        >
          ☰
        </button>
        <Link href="/" className="brand">
          LinkedIn Auto
        </Link>
        <button
          className="ghost logout"
          onClick={async () => {
            try {
              await post("/api/auth/logout");
            } finally {
              router.replace("/login/");
            }
          }}
        >
          Log out
        </button>
      </header>
      <nav id="nav" aria-label="Main" className={menu ? "nav open" : "nav"}>
        <ul>
          {NAV.map(([href, label]) => (
            <li key={href}>
              <Link href={href} aria-current={path === href ? "page" : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        {banner}
        {ready && <UpdateBanner />}
        {ready ? children : <p className="muted">Loading…</p>}
        {ready && <p className="hint tz-note">Times are shown in the appliance&apos;s time zone, {timeZone()}.</p>}
      </main>
    </div>
  );
}
