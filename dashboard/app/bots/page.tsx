"use client";
import { useEffect, useRef, useState } from "react";
import { ApiError, FieldErrors, get, post } from "@/lib/api";
import { runIdOf, useLive } from "@/lib/events";
import { title } from "@/lib/format";
import { Bot, BotOption, isActive } from "@/lib/types";
import RunsTable from "@/components/RunsTable";
import LiveProgress, { LiveRun, later, liveFromRun } from "@/components/LiveProgress";
import Field from "@/components/Field";
import { Card, Loading, useAction, useData } from "@/components/ui";

// The bots and tools, their titles, dry-run support and run options: all from GET /api/bots.
export default function BotsPage() {
  const { data, error, loading } = useData(() => get("/api/bots"));
  if (!data) return <Loading error={error} loading={loading} />;
  const bots = data.filter((b) => b.is_bot);
  const tools = data.filter((b) => !b.is_bot);
  return (
    <>
      <h1>Bots</h1>
      {bots.map((b) => (
        <BotCard key={b.name} bot={b} />
      ))}
      {tools.length > 0 && (
        <>
          <h2 style={{ margin: "1rem 0 0.6rem" }}>Maintenance</h2>
          {tools.map((b) => (
            <BotCard key={b.name} bot={b} />
          ))}
        </>
      )}
    </>
  );
}

/** Run options as typed: text for numbers and strings, true/false for booleans. */
type OptionValues = Record<string, string | boolean>;

const isBoolean = (o: BotOption) => o.types.length === 1 && o.types[0] === "boolean";
const isInteger = (o: BotOption) => o.types.includes("integer");

function initialOptions(options: BotOption[]): OptionValues {
  return Object.fromEntries(options.map((o) => [o.name, isBoolean(o) ? o.default === true : ""]));
}

/** The options to send: those the person set (empty fields use the configured setting). */
function optionsBody(options: BotOption[], values: OptionValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of options) {
    const v = values[o.name];
    if (typeof v === "boolean") {
      if (v !== (o.default === true)) out[o.name] = v;
    } else if (v.trim() !== "") {
      // A number left unparsable is sent as typed: the API names the option in its answer.
      out[o.name] = isInteger(o) && !isNaN(Number(v)) ? Number(v) : v.trim();
    }
  }
  return out;
}

function optionHint(o: BotOption): string {
  const parts: string[] = [];
  if (o.minimum != null && o.maximum != null) parts.push(`${o.minimum} to ${o.maximum}`);
  else if (o.minimum != null) parts.push(`at least ${o.minimum}`);
  else if (o.maximum != null) parts.push(`at most ${o.maximum}`);
  if (o.types.includes("array")) parts.push("comma-separated");
  if (o.nullable) parts.push("empty: the setting in force");
  return parts.join("; ");
}

function BotCard({ bot }: { bot: Bot }) {
  const [live, setLive] = useState<LiveRun | null>(null);
  const [values, setValues] = useState<OptionValues>(() => initialOptions(bot.options));
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, run, view } = useAction();
  const liveBox = useRef<HTMLDivElement>(null);
  const [reveal, setReveal] = useState<number | null>(null);
  const { data: runs, reload } = useData(async () => {
    const r = await get("/api/runs", { query: { bot: bot.name, limit: 5 } });
    const active = r.items.find((x) => isActive(x.status));
    setLive((l) => {
      if (active && (!l || l.id !== active.id)) return l && l.id > active.id ? l : liveFromRun(active);
      // Catch up with anything missed while the event stream was down (never backwards).
      const seen = l && r.items.find((x) => x.id === l.id);
      return l && seen && later(l.status, seen.status) ? { ...liveFromRun(seen), message: l.message } : l;
    });
    return r.items;
  }, [bot.name]);

  useLive((m) => {
    if (m.type === "reconnected") return void reload();
    // The table below shows the same state as the box: reloaded on every change of state.
    if (m.type === "run" && m.bot === bot.name) reload();
    const id = runIdOf(m);
    setLive((l) => {
      if (!l || l.id !== id) {
        // Another run of this bot started (a schedule, another tab): follow that one.
        if (m.type === "run" && m.bot === bot.name && isActive(m.status) && (!l || m.id > l.id))
          return liveFromRun(m);
        return l;
      }
      // Counts come with the run's end only; until then the progress messages carry them.
      if (m.type === "run") return m.status === l.status || later(l.status, m.status) ? { ...l, status: m.status, counts: m.counts ?? l.counts } : l;
      if (m.type === "progress") return { ...l, counts: m.counts, progress: m.progress ?? l.progress, at: Date.now() };
      if (m.type === "event") return { ...l, message: m.message };
      return l;
    });
  });

  // Starting a run brings its live box into view (on a phone it is often below the fold).
  useEffect(() => {
    if (reveal !== null && live?.id === reveal && liveBox.current) {
      liveBox.current.scrollIntoView({ block: "nearest" });
      setReveal(null);
    }
  }, [reveal, live?.id]);

  // One state for the box and the table: the table's row of the live run shows the box's state.
  const rows = (runs ?? []).map((r) => (live && r.id === live.id && !later(live.status, r.status) ? { ...r, status: live.status, counts: live.counts } : r));

  const start = (dry: boolean) =>
    run(async () => {
      setErrors({});
      try {
        const r = await post("/api/bots/{bot}/runs", { path: { bot: bot.name }, body: { dry_run: dry, options: optionsBody(bot.options, values) } });
        setLive((l) => (l && l.id === r.run_id ? l : liveFromRun({ id: r.run_id, status: "queued" })));
        setReveal(r.run_id);
        reload();
      } catch (e) {
        if (e instanceof ApiError && Object.keys(e.fields).length) {
          setErrors(Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [`${bot.name}.${k}`, v])));
          throw new Error("Not started: please correct the highlighted options.");
        }
        throw e;
      }
    });
  const active = live && isActive(live.status);
  const label = bot.title;

  return (
    <Card
      title={label}
      actions={
        <div className="row">
          <button className="primary" disabled={busy || !!active} onClick={() => start(false)} aria-label={`Run ${label} now`}>
            Run now
          </button>
          {bot.supports_dry_run && (
            <button disabled={busy || !!active} onClick={() => start(true)} aria-label={`Dry run ${label}`}>
              Dry run
            </button>
          )}
          {active && (
            <button className="danger" onClick={() => run(() => post("/api/runs/{run_id}/cancel", { path: { run_id: live.id } }), "Cancel requested.")} aria-label={`Cancel ${label} run`}>
              Cancel
            </button>
          )}
        </div>
      }
    >
      <p className="muted small">{bot.description}</p>
      {bot.options.length > 0 && (
        <details open={Object.keys(errors).length > 0 || undefined}>
          <summary>Options for the next run</summary>
          <div className="form-grid">
            {bot.options.map((o) => {
              const path = `${bot.name}.options.${o.name}`;
              const v = values[o.name];
              const set = (nv: string | boolean) => setValues((vs) => ({ ...vs, [o.name]: nv }));
              return typeof v === "boolean" ? (
                <Field key={o.name} kind="checkbox" label={title(o.name)} path={path} errors={errors} value={v} onChange={set} />
              ) : (
                <Field
                  key={o.name}
                  kind={isInteger(o) ? "number" : "text"}
                  label={title(o.name)}
                  path={path}
                  errors={errors}
                  value={v}
                  min={o.minimum ?? undefined}
                  max={o.maximum ?? undefined}
                  hint={optionHint(o)}
                  onChange={set}
                />
              );
            })}
          </div>
        </details>
      )}
      {view}
      {live && <LiveProgress ref={liveBox} live={live} label={label} />}
      <h3>Last runs</h3>
      <RunsTable runs={rows} showBot={false} />
    </Card>
  );
}
