"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { post } from "@/lib/api";
import { MIN_PASSWORD } from "@/lib/strength";
import PasswordStrength from "@/components/PasswordStrength";
import { useAction } from "@/components/ui";

export default function SetupPage() {
  const router = useRouter();
  const [code, setCode] = useState("");
  const [pw, setPw] = useState("");
  const [pw2, setPw2] = useState("");
  const { busy, run, view, setMsg } = useAction();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (pw.length < MIN_PASSWORD) return setMsg({ kind: "error", text: `The password needs at least ${MIN_PASSWORD} characters.` });
    if (pw !== pw2) return setMsg({ kind: "error", text: "The two passwords differ." });
    const ok = await run(async () => {
      await post("/api/auth/setup", { body: { code: code.trim(), password: pw } });
      return true;
    });
    if (ok) router.replace("/login/?setup=done");
  }

  return (
    <div className="card">
      <h1>Welcome to LinkedIn Auto</h1>
      <p className="muted">
        First, prove you own this device: enter the one-time setup code. It is printed in the service
        log and shown by <code>sudo linkedin-auto setup-code</code>. Then choose the dashboard password.
      </p>
      <form onSubmit={submit}>
        <label htmlFor="code">Setup code</label>
        <input id="code" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} required />
        <label htmlFor="pw">New password</label>
        <input
          id="pw"
          type="password"
          autoComplete="new-password"
          value={pw}
          onChange={(e) => setPw(e.target.value)}
          aria-describedby="pw-strength"
          required
        />
        <PasswordStrength value={pw} id="pw-strength" />
        <label htmlFor="pw2">Repeat password</label>
        <input id="pw2" type="password" autoComplete="new-password" value={pw2} onChange={(e) => setPw2(e.target.value)} required />
        {view}
        <div className="actions">
          <button className="primary" type="submit" disabled={busy}>
            {busy ? "Saving…" : "Set password"}
          </button>
        </div>
      </form>
    </div>
  );
}
