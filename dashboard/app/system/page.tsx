"use client";
import { useState } from "react";
import { del, get, post } from "@/lib/api";
import { fmtBytes, fmtDate } from "@/lib/format";
import { MIN_PASSWORD } from "@/lib/strength";
import PasswordStrength from "@/components/PasswordStrength";
import { Card, Loading, Meter, Status, useAction, useData } from "@/components/ui";

export default function SystemPage() {
  return (
    <>
      <h1>System</h1>
      <div className="grid two">
        <Resources />
        <Backups />
        <ApiKeys />
        <Password />
      </div>
      <Logs />
    </>
  );
}

const mib = (b: number) => Math.round(b / 1048576);

function Resources() {
  const { data: s, error, loading } = useData(() => get("/api/system"), [], 10000);
  if (!s) return <Card title="Resources"><Loading error={error} loading={loading} /></Card>;
  const zram = s.swap.devices.filter((d) => d.zram);
  const services = Object.entries(s.services);
  return (
    <Card title="Resources">
      <Meter label="Memory" used={mib(s.memory.total_bytes - s.memory.available_bytes)} total={mib(s.memory.total_bytes)} text={`${fmtBytes(s.memory.total_bytes - s.memory.available_bytes)} of ${fmtBytes(s.memory.total_bytes)}`} />
      <Meter label="Swap" used={mib(s.swap.used_bytes)} total={mib(s.swap.total_bytes)} text={s.swap.total_bytes ? `${fmtBytes(s.swap.used_bytes)} of ${fmtBytes(s.swap.total_bytes)}` : "none"} />
      {zram.map((d) => (
        <Meter key={d.device} label={`zram (${d.device.replace("/dev/", "")})`} used={mib(d.used_bytes)} total={mib(d.size_bytes)} text={`${fmtBytes(d.used_bytes)} of ${fmtBytes(d.size_bytes)}`} />
      ))}
      <Meter label="Disk (data)" used={mib(s.disk.used_bytes)} total={mib(s.disk.total_bytes)} text={`${fmtBytes(s.disk.free_bytes)} free of ${fmtBytes(s.disk.total_bytes)}`} />
      <dl className="kv" style={{ marginTop: "0.6rem" }}>
        <dt>Temperature</dt>
        <dd>{s.cpu.temperature_c != null ? `${s.cpu.temperature_c} °C` : "not available"}</dd>
        <dt>Load</dt>
        <dd>{s.cpu.load.map((l) => l.toFixed(2)).join(" ")}</dd>
        <dt>Up for</dt>
        <dd>{Math.floor(s.uptime_seconds / 86400)} d {Math.floor((s.uptime_seconds % 86400) / 3600)} h</dd>
        <dt>Version</dt>
        <dd>
          {s.versions.app ?? "unknown"} <span className="small muted">({s.versions.machine}, Python {s.versions.python})</span>
        </dd>
        {services.every(([, state]) => state === "unknown") && (
          <Row k="Services" v={<span className="small muted">states not available (no systemd)</span>} />
        )}
        {services
          .filter(([, state]) => state !== "unknown")
          .map(([name, state]) => (
            <Row key={name} k={name.replace(/\.service$/, "")} v={<Status value={state} />} />
          ))}
      </dl>
    </Card>
  );
}

function Row({ k, v }: { k: string; v: React.ReactNode }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{v}</dd>
    </>
  );
}

function Backups() {
  const { data, error, loading, reload } = useData(() => get("/api/backups"));
  const { busy, run, view } = useAction();
  return (
    <Card
      title="Backups"
      actions={
        <button className="primary" disabled={busy} onClick={() => run(async () => (await post("/api/backups"), reload()), "Backup created.")}>
          Create backup
        </button>
      }
    >
      {view}
      {data ? (
        data.length ? (
          <ul className="plain">
            {data.map((b) => (
              <li key={b.name}>
                <div className="small" style={{ overflowWrap: "anywhere" }}>{b.name}</div>
                <div className="small muted">
                  {fmtDate(b.created_at)} · {fmtBytes(b.size)}
                </div>
                <div className="row" style={{ marginTop: "0.3rem" }}>
                  <a className="button" href={`/api/backups/${encodeURIComponent(b.name)}`} download={b.name} aria-label={`Download ${b.name}`}>
                    Download
                  </a>
                  <button
                    className="danger"
                    aria-label={`Restore ${b.name}`}
                    disabled={busy}
                    onClick={() =>
                      confirm(`Replace the current database with ${b.name}? A safety backup of the current state is made first.`) &&
                      run(async () => {
                        await post("/api/backups/{name}/restore", { path: { name: b.name }, body: { confirm: true } });
                        reload();
                      }, `Restored ${b.name}. Restart the services (or reboot) so every part uses it.`)
                    }
                  >
                    Restore
                  </button>
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No backups yet.</p>
        )
      ) : (
        <Loading error={error} loading={loading} />
      )}
    </Card>
  );
}

function ApiKeys() {
  const { data, error, loading, reload } = useData(() => get("/api/keys"));
  const [name, setName] = useState("");
  const [created, setCreated] = useState<string | null>(null);
  const { busy, run, view } = useAction();
  return (
    <Card title="API keys">
      <p className="hint">
        For scripts: send <code>Authorization: Bearer &lt;key&gt;</code>.
      </p>
      {data ? (
        data.length ? (
          <ul>
            {data.map((k) => (
                <li key={k.id} className="spread">
                  <span>
                    <strong>{k.name}</strong> <code>{k.prefix}…</code>{" "}
                    <span className="small muted">used {k.last_used_at ? fmtDate(k.last_used_at) : "never"}</span>
                  </span>
                  <button
                    className="danger"
                    aria-label={`Revoke key ${k.name}`}
                    onClick={() => confirm(`Revoke the key "${k.name}"?`) && run(async () => (await del("/api/keys/{key_id}", { path: { key_id: k.id } }), reload()), "Key revoked.")}
                  >
                    Revoke
                  </button>
                </li>
              ))}
          </ul>
        ) : (
          <p className="muted">No keys.</p>
        )
      ) : (
        <Loading error={error} loading={loading} />
      )}
      {created && (
        <div className="secret" role="status">
          New key (shown only now, copy it): <code>{created}</code>
        </div>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run(async () => {
            const r = await post("/api/keys", { body: { name } });
            setCreated(r.key);
            setName("");
            reload();
          });
        }}
      >
        <label htmlFor="key-name">New key name</label>
        <div className="row" style={{ flexWrap: "nowrap" }}>
          <input id="key-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
          <button type="submit" disabled={busy || !name.trim()}>
            Create key
          </button>
        </div>
      </form>
      {view}
    </Card>
  );
}

function Password() {
  const [cur, setCur] = useState("");
  const [pw, setPw] = useState("");
  const [pw2, setPw2] = useState("");
  const { busy, run, view, setMsg } = useAction();
  return (
    <Card title="Change password">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (pw.length < MIN_PASSWORD) return setMsg({ kind: "error", text: `The new password needs at least ${MIN_PASSWORD} characters.` });
          if (pw !== pw2) return setMsg({ kind: "error", text: "The two new passwords differ." });
          const ok = await run(async () => (await post("/api/auth/password", { body: { current: cur, new: pw } }), true), "Password changed. Other devices were logged out.");
          if (ok) (setCur(""), setPw(""), setPw2(""));
        }}
      >
        <label htmlFor="pw-current">Current password</label>
        <input id="pw-current" type="password" autoComplete="current-password" value={cur} onChange={(e) => setCur(e.target.value)} required />
        <label htmlFor="pw-new">New password</label>
        <input id="pw-new" type="password" autoComplete="new-password" value={pw} onChange={(e) => setPw(e.target.value)} aria-describedby="pw-new-strength" required />
        <PasswordStrength value={pw} id="pw-new-strength" />
        <label htmlFor="pw-new2">Repeat new password</label>
        <input id="pw-new2" type="password" autoComplete="new-password" value={pw2} onChange={(e) => setPw2(e.target.value)} required />
        {view}
        <div className="actions">
          <button type="submit" disabled={busy}>
            Change password
          </button>
        </div>
      </form>
    </Card>
  );
}

function Logs() {
  const [live, setLive] = useState(true);
  const { data, error } = useData(() => get("/api/system/logs", { query: { lines: 200 } }), [live], live ? 5000 : 0);
  return (
    <Card
      title="Service log"
      actions={
        <label className="check">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Follow live
        </label>
      }
    >
      {error && <p className="muted">{error}</p>}
      {data?.reason && <p className="muted">{data.reason}</p>}
      <pre className="log" aria-label="Service log lines" tabIndex={0}>
        {data?.lines.join("\n") || "(empty)"}
      </pre>
    </Card>
  );
}
