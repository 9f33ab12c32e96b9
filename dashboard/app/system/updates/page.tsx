"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { del, get, post } from "@/lib/api";
import { fmtDate } from "@/lib/format";
import { RESULT_TEXT, STATE_TEXT } from "@/lib/updates";
import type { FeedCheck, StagedRelease, UpdateStatus, UpdatesOverview } from "@/lib/types";
import { Card, DataTable, Loading, Notice, useAction, useData } from "@/components/ui";

export default function UpdatesPage() {
  const [fast, setFast] = useState(false);
  const { data, error, loading, reload } = useData(() => get("/api/updates"), [fast], fast ? 3000 : 15000);
  const running = !!data && data.status.state !== "idle";
  // Poll faster while an update runs, to show its result as soon as it is in the history.
  useEffect(() => setFast(running), [running]);
  if (!data)
    return (
      <>
        <h1>Updates</h1>
        <Loading error={error} loading={loading} />
      </>
    );
  return (
    <>
      <h1>Updates</h1>
      <p className="muted small">
        <Link href="/system/">System</Link> → Updates
      </p>
      {running && <Running status={data.status} />}
      <div className="grid two">
        <Installed data={data} />
        <GetRelease data={data} onStaged={reload} disabled={running} />
      </div>
      {data.staged && <Staged staged={data.staged} onChange={reload} disabled={running} />}
      <History data={data} />
    </>
  );
}

function Running({ status }: { status: UpdateStatus }) {
  return (
    <Notice kind="info">
      Updating from {status.from_version} to {status.version}: {STATE_TEXT[status.state]} (since {fmtDate(status.started_at)}).
      The scheduler and the worker stay stopped until the new release answers ready; if it does not, the previous
      release comes back by itself.
    </Notice>
  );
}

function Installed({ data }: { data: UpdatesOverview }) {
  return (
    <Card title="Installed">
      <dl className="kv">
        <dt>Version</dt>
        <dd data-testid="installed-version">{data.installed_version}</dd>
        <dt>Channel</dt>
        <dd>{data.channel}</dd>
        <dt>Release feed</dt>
        <dd className="small">{data.feed_url}</dd>
      </dl>
      <p className="small muted">
        Channel and feed are settings (<Link href="/settings/">Settings</Link>, section “updates”).
      </p>
      {data.allow_unsigned && <Notice kind="error">Development mode: unsigned bundles are accepted.</Notice>}
    </Card>
  );
}

function GetRelease({ data, onStaged, disabled }: { data: UpdatesOverview; onStaged: () => void; disabled: boolean }) {
  const [check, setCheck] = useState<FeedCheck | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const { busy, run, view } = useAction();
  const upload = async () => {
    if (!file) return;
    const form = new FormData();
    form.append("file", file);
    await post("/api/updates/upload", { form });
    onStaged();
  };
  return (
    <Card
      title="Get a release"
      actions={
        <button disabled={busy || disabled} onClick={() => run(async () => setCheck(await post("/api/updates/check")))}>
          Check for updates
        </button>
      }
    >
      {check && !check.ok && <Notice kind="error">{check.error}</Notice>}
      {check?.ok && !check.latest && <p className="muted">{check.error}</p>}
      {check?.latest && (
        <div>
          <p>
            Newest {check.channel} release: <strong>{check.latest.version}</strong>{" "}
            {check.update_available ? "" : `(you have ${data.installed_version}: up to date)`}
          </p>
          {check.refusal && <Notice kind="error">{check.refusal}</Notice>}
          {check.latest.notes && <pre className="notes">{check.latest.notes}</pre>}
          {check.update_available && !check.refusal && (
            <button className="primary" disabled={busy || disabled} onClick={() => run(async () => (await post("/api/updates/download"), onStaged()), "Downloaded and verified.")}>
              Download {check.latest.version}
            </button>
          )}
        </div>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run(upload, "Bundle verified.");
        }}
      >
        <label>
          Or upload a release bundle (<code>linkedin-auto-VERSION.tar</code>)
          <input type="file" accept=".tar,application/x-tar" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <button type="submit" disabled={!file || busy || disabled}>
          Upload
        </button>
      </form>
      {view}
    </Card>
  );
}

function Staged({ staged, onChange, disabled }: { staged: StagedRelease; onChange: () => void; disabled: boolean }) {
  const { busy, run, view } = useAction();
  return (
    <Card
      title={`Ready to install: ${staged.version}`}
      actions={
        <div style={{ display: "flex", gap: "0.5rem" }}>
          <button
            className="primary"
            disabled={!staged.installable || busy || disabled}
            onClick={() => {
              if (!confirm(`Install ${staged.version}? A backup is made first; bots wait until it is ready.`)) return;
              run(async () => (await post("/api/updates/install", { body: { version: staged.version } }), onChange()));
            }}
          >
            Install
          </button>
          <button disabled={busy || disabled} onClick={() => run(async () => (await del("/api/updates/staged"), onChange()))}>
            Discard
          </button>
        </div>
      }
    >
      <p className="small muted">
        {staged.signed ? "Signed release" : "Unsigned (development) bundle"}, built {fmtDate(staged.created)}; upgrades from{" "}
        {staged.min_upgrade_from} or later.
      </p>
      {staged.refusal && <Notice kind="error">{staged.refusal}</Notice>}
      <h3>Release notes</h3>
      <pre className="notes">{staged.notes || "No release notes."}</pre>
      {view}
    </Card>
  );
}

function History({ data }: { data: UpdatesOverview }) {
  return (
    <Card title="History">
      {data.history.length === 0 ? (
        <p className="muted">No update yet.</p>
      ) : (
        <DataTable
          rows={data.history}
          rowKey={(h) => h.id + h.finished_at}
          columns={[
            { label: "Finished", cell: (h) => fmtDate(h.finished_at) },
            { label: "From → to", cell: (h) => `${h.from_version ?? "?"} → ${h.version ?? "?"}` },
            { label: "Result", cell: (h) => <span data-testid="update-result">{RESULT_TEXT[h.result]}</span> },
            { label: "Why", className: "small", cell: (h) => h.reason ?? "" },
          ]}
        />
      )}
    </Card>
  );
}
