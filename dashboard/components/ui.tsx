"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { errorText } from "@/lib/api";
import { onReconnect } from "@/lib/connection";

/** Load data on mount, on reload(), on reconnect and optionally every `everyMs`. */
export function useData<T>(load: () => Promise<T>, deps: unknown[] = [], everyMs = 0) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  const reload = useCallback(async () => {
    try {
      const d = await loadRef.current();
      setData(d);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    setLoading(true);
    reload();
    const off = onReconnect(reload);
    const t = everyMs ? setInterval(reload, everyMs) : null;
    return () => {
      off();
      if (t) clearInterval(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return { data, error, loading, reload, setData };
}

export function Notice({ kind, children }: { kind: "error" | "ok" | "info"; children: React.ReactNode }) {
  return (
    <div className={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

/** Runs an async action with a busy flag and a success / error message. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const run = useCallback(async (fn: () => Promise<unknown>, okText?: string) => {
    setBusy(true);
    setMsg(null);
    try {
      const r = await fn();
      if (okText) setMsg({ kind: "ok", text: okText });
      return r;
    } catch (e) {
      setMsg({ kind: "error", text: errorText(e) });
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const view = msg ? <Notice kind={msg.kind}>{msg.text}</Notice> : null;
  return { busy, run, view, setMsg };
}

export function Loading({ error, loading }: { error: string | null; loading: boolean }) {
  if (error) return <Notice kind="error">{error}</Notice>;
  if (loading) return <p className="muted">Loading…</p>;
  return null;
}

export function Status({ value }: { value: string }) {
  return <span className={`badge s-${value}`}>{value.replace(/_/g, " ")}</span>;
}

export function Card({ title, children, actions }: { title: string; children: React.ReactNode; actions?: React.ReactNode }) {
  const id = "c-" + title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return (
    <section className="card" aria-labelledby={id}>
      <div className="card-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function Meter({ label, used, total, unit = "", aria, text }: { label: string; used: number; total: number; unit?: string; aria?: string; text?: string }) {
  const pct = total > 0 ? Math.min(100, Math.round((used / total) * 100)) : 0;
  return (
    <div className="meter">
      <div className="meter-label">
        <span>{label}</span>
        <span>{text ?? `${used}${unit} / ${total}${unit}`}</span>
      </div>
      <div
        className={pct >= 90 ? "bar hot" : "bar"}
        role="meter"
        aria-label={aria ?? label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={used}
      >
        <span style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

export function Pager({ total, limit, offset, onPage }: { total: number; limit: number; offset: number; onPage: (o: number) => void }) {
  if (total <= limit) return null;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.ceil(total / limit);
  return (
    <nav className="pager" aria-label="Pagination">
      <button disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))}>
        Previous page
      </button>
      <span>
        Page {page} of {pages}
      </span>
      <button disabled={offset + limit >= total} onClick={() => onPage(offset + limit)}>
        Next page
      </button>
    </nav>
  );
}

export type Column<T> = { label: string; cell: (row: T) => React.ReactNode; className?: string };

/** A table that turns into one card per row on a phone (globals.css, table.cards): each cell
 * then shows its column's label beside its value, and the row's `actions` sit at the bottom. */
export function DataTable<T>({ rows, rowKey, columns, actions }: { rows: T[]; rowKey: (row: T) => React.Key; columns: Column<T>[]; actions?: (row: T) => React.ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="cards">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label}>{c.label}</th>
            ))}
            {actions && <th></th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)}>
              {columns.map((c) => (
                <td key={c.label} className={c.className}>
                  <span className="cell-label">{c.label}</span>
                  <div className="cell-value">{c.cell(r)}</div>
                </td>
              ))}
              {actions && (
                <td className="cell-actions">
                  <div className="row">{actions(r)}</div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
