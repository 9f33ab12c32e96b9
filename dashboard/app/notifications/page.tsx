"use client";
import { useState } from "react";
import { FieldErrors, get, post } from "@/lib/api";
import { ConfigAnswer, loadConfig, saveConfig, stringAt, stringsAt } from "@/lib/config";
import { fmtDate } from "@/lib/format";
import Field, { errorFor } from "@/components/Field";
import { Card, DataTable, Loading, Status, useAction, useData } from "@/components/ui";

const EVENTS: [string, string][] = [
  ["session_expired", "LinkedIn session expired"],
  ["checkpoint", "LinkedIn asks for a security check"],
  ["run_failed", "A run failed"],
  ["limit_reached", "A quota or LinkedIn limit was reached (bots paused)"],
  ["daily_summary", "Daily summary"],
];

export default function NotificationsPage() {
  const { data, error, loading, setData } = useData(loadConfig);
  const history = useData(() => get("/api/notifications", { query: { limit: 20 } }));
  if (!data) return <Loading error={error} loading={loading} />;
  return (
    <>
      <h1>Notifications</h1>
      <Editor answer={data} onSaved={(a) => (setData(a), history.reload())} />
      <Card title="Recently sent">
        {history.data?.length ? (
          <DataTable
            rows={history.data}
            rowKey={(n) => n.id}
            columns={[
              { label: "When", className: "small", cell: (n) => fmtDate(n.ts) },
              { label: "Event", cell: (n) => n.event },
              { label: "Title", cell: (n) => n.title },
              { label: "Result", cell: (n) => <><Status value={n.ok ? "ok" : "failed"} /> <span className="small muted">{n.error}</span></> },
            ]}
          />
        ) : (
          <p className="muted">Nothing sent yet.</p>
        )}
      </Card>
    </>
  );
}

/** The URLs in the textarea (one per line, blank lines skipped) and the line each came from. */
function urlLines(text: string): { urls: string[]; lines: number[] } {
  const urls: string[] = [];
  const lines: number[] = [];
  text.split("\n").forEach((raw, i) => {
    const url = raw.trim();
    if (url) {
      urls.push(url);
      lines.push(i + 1);
    }
  });
  return { urls, lines };
}

/** The API names a refused URL by its index in the list ("notifications.urls.2"); shown at the
 *  textarea by the line the user typed it on. */
function byLine(errors: FieldErrors, lines: number[]): FieldErrors {
  const out: FieldErrors = {};
  const atLines: string[] = [];
  for (const [path, msg] of Object.entries(errors)) {
    const m = /^notifications\.urls\.(\d+)$/.exec(path);
    if (m) atLines.push(`Line ${lines[Number(m[1])] ?? Number(m[1]) + 1}: ${msg}`);
    else out[path] = msg;
  }
  if (atLines.length) out["notifications.urls"] = [out["notifications.urls"], ...atLines].filter(Boolean).join("\n");
  return out;
}

function Editor({ answer, onSaved }: { answer: ConfigAnswer; onSaved: (a: ConfigAnswer) => void }) {
  const doc = answer.config;
  const [urls, setUrls] = useState<string>(stringsAt(doc, "notifications.urls").join("\n"));
  const [events, setEvents] = useState<string[]>(stringsAt(doc, "notifications.events"));
  const [time, setTime] = useState<string>((stringAt(doc, "notifications.daily_summary_time") ?? "").slice(0, 5));
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useAction();
  const test = useAction();

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setErrors({});
    const typed = urlLines(urls);
    await save.run(async () => {
      const r = await saveConfig({
        notifications: {
          urls: typed.urls,
          events,
          daily_summary_time: time,
        },
      });
      if (Object.keys(r.errors).length) {
        setErrors(byLine(r.errors, typed.lines));
        throw new Error("Not saved: please correct the highlighted fields.");
      }
      if (r.config) onSaved(r.config);
    }, "Notification settings saved.");
  };

  return (
    <Card title="Where and when">
      <form onSubmit={submit} noValidate>
        <Field
          kind="textarea"
          label="Notification URLs (one per line)"
          path="notifications.urls"
          errors={errors}
          value={urls}
          onChange={setUrls}
          placeholder={"ntfy://ntfy.sh/my-topic\nmailto://user:pass@example.com\ntgram://bottoken/chatid"}
          hint="Apprise URLs: ntfy, e-mail, Telegram, Discord, webhooks… Stored secrets are shown masked; leave them as they are to keep them."
        />
        <fieldset>
          <legend>Notify me when</legend>
          {EVENTS.map(([k, label]) => (
            <label className="check" key={k} style={{ display: "flex" }}>
              <input type="checkbox" checked={events.includes(k)} onChange={(e) => setEvents(e.target.checked ? [...events, k] : events.filter((x) => x !== k))} />
              {label}
            </label>
          ))}
          {errorFor(errors, "notifications.events") && <div className="field-error">{errorFor(errors, "notifications.events")}</div>}
        </fieldset>
        <Field kind="time" label="Daily summary time" path="notifications.daily_summary_time" errors={errors} value={time} onChange={setTime} />
        {save.view}
        {test.view}
        <div className="actions">
          <button className="primary" type="submit" disabled={save.busy}>
            Save notifications
          </button>
          <button
            type="button"
            disabled={test.busy}
            onClick={() =>
              test.run(async () => {
                const r = await post("/api/notifications/test");
                if (!r.ok) throw new Error("Some URLs failed: " + r.results.filter((x) => !x.ok).map((x) => `${x.url} ${x.error ?? ""}`).join("; "));
              }, "Test notification sent.")
            }
          >
            Send a test
          </button>
        </div>
      </form>
    </Card>
  );
}
