"use client";
import Link from "next/link";
import { useState } from "react";
import { ApiError, del, get, post, put } from "@/lib/api";
import { useLive } from "@/lib/events";
import { fmtAgo, fmtDate } from "@/lib/format";
import { type LivePurpose, isActive } from "@/lib/types";
import { Card, Loading, Notice, Status, useAction, useData } from "@/components/ui";
import { LiveView } from "@/components/LiveView";
import type { LiveStatus } from "@/lib/signin";

const GUIDANCE: Record<string, string> = {
  expired: "LinkedIn no longer accepts this session. Sign in again on the appliance below (or export the cookies again from your usual browser and upload them).",
  checkpoint: "LinkedIn asks for a security check. Open LinkedIn on the appliance below and complete it there: the session is checked and the bots' pause lifted once LinkedIn lets you in.",
  error: "The last check could not finish (network or LinkedIn trouble). Try Validate now again later.",
  unchecked: "Imported but not checked yet: press Validate now.",
};

function uploadError(e: unknown): string {
  if (e instanceof ApiError && e.status === 422) {
    const msgs = Object.values(e.fields);
    return "The session was refused: " + (msgs.length ? msgs.join("; ") : e.message);
  }
  return e instanceof Error ? e.message : String(e);
}

export default function SessionPage() {
  // The session, or null while none is imported (the API answers 404).
  const { data, error, loading, reload } = useData(async () => {
    try {
      return { session: await get("/api/linkedin/session") };
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return { session: null };
      throw e;
    }
  });
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState("");
  const [checking, setChecking] = useState<number | null>(null);
  const upload = useAction();
  const paste = useAction();
  const act = useAction();
  const [live, setLive] = useState<LivePurpose | null>(null);
  const [liveEnd, setLiveEnd] = useState<LiveStatus | null>(null);

  useLive((m) => {
    if (checking != null && m.type === "run" && m.id === checking && !isActive(m.status)) {
      setChecking(null);
      reload();
      act.setMsg({ kind: m.status === "succeeded" ? "ok" : "error", text: `Check finished: ${m.status}.` });
    }
  });

  const importWith = async (which: typeof upload, send: () => Promise<unknown>) => {
    which.setMsg(null);
    await which.run(async () => {
      try {
        await send();
      } catch (e) {
        throw new Error(uploadError(e));
      }
      reload();
    }, "Session imported. Press Validate now to check it with LinkedIn.");
  };

  if (!data) return <Loading error={error} loading={loading} />;
  const session = data.session;
  const status = session?.status ?? "";
  const onLiveEnd = (s: LiveStatus) => {
    setLive(null);
    setLiveEnd(s);
    reload();
  };
  return (
    <>
      <h1>LinkedIn session</h1>
      <Card title="Sign in on the appliance">
        <p className="hint">
          The appliance opens LinkedIn in its own browser and shows it here: sign in with your password and code, or approve in the LinkedIn app. The
          session is made on the device, with the same browser and identity the bots use, and never leaves it.
        </p>
        {liveEnd && <Notice kind={liveEnd.state === "signed_in" ? "ok" : liveEnd.state === "closed" ? "info" : "error"}>{liveEnd.message}</Notice>}
        {live ? (
          <LiveView purpose={live} onEnd={onLiveEnd} />
        ) : (
          <div className="actions">
            {status === "checkpoint" && (
              <button className="primary" onClick={() => (setLiveEnd(null), setLive("checkpoint"))}>
                Open LinkedIn on the appliance
              </button>
            )}
            <button className={status === "checkpoint" ? "" : "primary"} onClick={() => (setLiveEnd(null), setLive("sign_in"))}>
              Sign in on the appliance
            </button>
          </div>
        )}
      </Card>
      <Card title="Current session">
        {session ? (
          <>
            <dl className="kv">
              <dt>Status</dt>
              <dd>
                <Status value={status} />
              </dd>
              <dt>Identity</dt>
              <dd className="small">
                {session.identity.locale}, {session.identity.timezone_id}
              </dd>
              <dt>Source</dt>
              <dd>{session.source.replace(/_/g, " ")}</dd>
              <dt>Imported</dt>
              <dd>
                {fmtDate(session.imported_at)} ({fmtAgo(session.imported_at)})
              </dd>
              <dt>Expires</dt>
              <dd>{session.expires_at ? `${fmtDate(session.expires_at)} (${fmtAgo(session.expires_at)})` : "unknown"}</dd>
              <dt>Last checked</dt>
              <dd>{fmtAgo(session.last_validated_at)}</dd>
              <dt>Cookies</dt>
              <dd className="small">{session.cookie_names.join(", ")}</dd>
            </dl>
            {GUIDANCE[status] && <Notice kind={status === "unchecked" ? "info" : "error"}>{GUIDANCE[status]}</Notice>}
            {checking != null && (
              <Notice kind="info">
                Checking with LinkedIn… (<Link href={`/runs/detail/?id=${checking}`}>run #{checking}</Link>)
              </Notice>
            )}
            {act.view}
            <div className="actions">
              <button
                className="primary"
                disabled={act.busy || checking != null}
                onClick={() =>
                  act.run(async () => {
                    const r = await post("/api/linkedin/session/validate");
                    setChecking(r.run_id);
                  })
                }
              >
                Validate now
              </button>
              <button
                className="danger"
                disabled={act.busy}
                onClick={() => confirm("Remove the stored LinkedIn session? The bots stop until a new one is imported.") && act.run(async () => (await del("/api/linkedin/session"), reload()), "Session removed.")}
              >
                Remove session
              </button>
            </div>
          </>
        ) : (
          <Notice kind="info">No session imported yet: the bots need one to act for you on LinkedIn.</Notice>
        )}
      </Card>
      <h2>Or import cookies from another browser</h2>
      <div className="grid two">
        <Card title="Upload a file">
          <p className="hint">
            A cookie export (JSON, e.g. from a “cookie editor” browser extension while logged in to LinkedIn) or a Playwright{" "}
            <code>storage_state.json</code>. Stored encrypted on the device.
          </p>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!file) return upload.setMsg({ kind: "error", text: "Choose a file first." });
              const form = new FormData();
              form.append("file", file);
              importWith(upload, () => put("/api/linkedin/session", { form }));
            }}
          >
            <label htmlFor="session-file">Session file</label>
            <input id="session-file" type="file" accept=".json,application/json,text/plain" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            {upload.view}
            <div className="actions">
              <button className="primary" type="submit" disabled={upload.busy}>
                Upload session
              </button>
            </div>
          </form>
        </Card>
        <Card title="Paste">
          <p className="hint">
            The JSON export, or only the value of the <code>li_at</code> cookie (browser developer tools → Application → Cookies).
          </p>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              importWith(paste, () => put("/api/linkedin/session", { body: { content: text } }));
            }}
          >
            <label htmlFor="session-text">Cookies JSON or li_at value</label>
            <textarea id="session-text" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} autoComplete="off" />
            {paste.view}
            <div className="actions">
              <button className="primary" type="submit" disabled={paste.busy || !text.trim()}>
                Save pasted session
              </button>
            </div>
          </form>
        </Card>
      </div>
    </>
  );
}
