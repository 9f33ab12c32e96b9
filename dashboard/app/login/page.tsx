"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ApiError, post } from "@/lib/api";
import { Notice, useAction } from "@/components/ui";

export default function LoginPage() {
  const router = useRouter();
  const [pw, setPw] = useState("");
  const [note, setNote] = useState<string | null>(null);
  const [next, setNext] = useState("/");
  const { busy, run, view, setMsg } = useAction();

  useEffect(() => {
    const q = new URLSearchParams(window.location.search);
    if (q.get("setup") === "done") setNote("Password saved. Log in with it.");
    const n = q.get("next");
    if (n && n.startsWith("/") && !n.startsWith("//")) setNext(n);
  }, []);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    try {
      await run(async () => {
        try {
          await post("/api/auth/login", { body: { password: pw } });
        } catch (err) {
          if (err instanceof ApiError && err.status === 429) {
            const wait = err.retryAfter ? ` Try again in ${Math.ceil(err.retryAfter / 60)} min.` : "";
            throw new Error("Too many failed attempts: login is locked for a while." + wait);
          }
          if (err instanceof ApiError && (err.status === 401 || err.status === 403))
            throw new Error("Wrong password.");
          throw err;
        }
        router.replace(next);
      });
    } catch (err) {
      setMsg({ kind: "error", text: String(err) });
    }
  }

  return (
    <div className="card">
      <h1>Log in</h1>
      {note && <Notice kind="ok">{note}</Notice>}
      <form onSubmit={submit}>
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          value={pw}
          onChange={(e) => setPw(e.target.value)}
          required
          autoFocus
        />
        {view}
        <div className="actions">
          <button className="primary" type="submit" disabled={busy}>
            {busy ? "Logging in…" : "Log in"}
          </button>
        </div>
      </form>
      <p className="hint">Forgot it? On the device run <code>sudo linkedin-auto set-password</code>.</p>
    </div>
  );
}
