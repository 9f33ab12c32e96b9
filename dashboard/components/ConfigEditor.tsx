"use client";
// Renders a part of the settings document as a form (types taken from the current values, or a
// picker named in `pickers`), and saves only the fields the person changed: values the form does
// not show, or shows but were not touched, are never sent back (the API deep-merges the partial
// document). A save bar stays on screen and says whether anything is unsaved; a refused save lists
// every problem at the top (each a link to its field) and marks each field.
import { useEffect, useRef, useState } from "react";
import { FieldErrors } from "@/lib/api";
import { ConfigAnswer, Doc, envOverridden, getPath, isDoc, saveConfig, setPath } from "@/lib/config";
import { title } from "@/lib/format";
import Field, { errorFor, idOf } from "./Field";
import ListField from "./ListField";
import { Card, useAction } from "./ui";

/** A control other than the one the value's type suggests. */
export type Picker =
  | { kind: "select"; options: string[] }
  | { kind: "timezone" }
  | { kind: "time" }
  | { kind: "weekdays" };

type Props = {
  answer: ConfigAnswer;
  sections: string[];
  skip?: string[];
  hints?: Record<string, string>;
  pickers?: Record<string, Picker>;
  /** Shown at the top of a section's card (e.g. the limits in force during the warm-up). */
  notes?: Record<string, React.ReactNode>;
  onSaved: (a: ConfigAnswer) => void;
};

const WEEKDAYS = [
  ["mon", "Monday"],
  ["tue", "Tuesday"],
  ["wed", "Wednesday"],
  ["thu", "Thursday"],
  ["fri", "Friday"],
  ["sat", "Saturday"],
  ["sun", "Sunday"],
] as const;

const isScalarList = (v: unknown): v is (string | number)[] => Array.isArray(v) && v.every((x) => x === null || typeof x !== "object");

/** The value to send for an edited field, typed like the value it replaces. */
function parse(edited: unknown, orig: unknown): unknown {
  if (Array.isArray(edited)) {
    const items = (edited as string[]).map((s) => String(s).trim()).filter((s) => s !== "");
    const numeric = Array.isArray(orig) && orig.length > 0 && orig.every((x) => typeof x === "number");
    return numeric ? items.map((x) => (isNaN(Number(x)) ? x : Number(x))) : items;
  }
  // A number field left unparsable is sent as typed: the API names the field in its answer.
  if (typeof orig === "number" && typeof edited === "string") return edited.trim() !== "" && !isNaN(Number(edited)) ? Number(edited) : edited;
  if (orig === null && edited === "") return null;
  return edited;
}

const differs = (path: string, edited: unknown, config: Doc) => {
  const orig = getPath(config, path);
  return JSON.stringify(parse(edited, orig)) !== JSON.stringify(orig);
};

/** Partial document of the edited fields whose value differs from the one in force. */
export function changes(config: Doc, edits: Record<string, unknown>): Doc {
  let patch: Doc = {};
  for (const [path, edited] of Object.entries(edits))
    if (differs(path, edited, config)) patch = setPath(patch, path, parse(edited, getPath(config, path)));
  return patch;
}

/** The IANA time zones the browser knows, with `current` and UTC always among them. */
function timeZones(current: string): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: "timeZone") => string[] };
  let zones: string[] = [];
  try {
    zones = intl.supportedValuesOf?.("timeZone") ?? [];
  } catch {
    zones = [];
  }
  return Array.from(new Set([...zones, "UTC", current].filter(Boolean))).sort();
}

/** The API's validation messages in plain words ("Input should be less than or equal to 90":
 *  "must be at most 90"); a message it does not recognise is kept as it is. */
const PLAIN: [RegExp, string][] = [
  [/^Input should be less than or equal to (.+)$/, "must be at most $1"],
  [/^Input should be greater than or equal to (.+)$/, "must be at least $1"],
  [/^Input should be less than (.+)$/, "must be less than $1"],
  [/^Input should be greater than (.+)$/, "must be more than $1"],
  [/^Input should be a valid integer.*$/, "must be a whole number"],
  [/^Input should be a valid number.*$/, "must be a number"],
  [/^Input should be a valid time.*$/, "must be a time such as 09:30"],
  [/^Input should be a valid boolean.*$/, "must be on or off"],
  [/^Input should be (('[^']*'(, | or )?)+)$/, "must be one of $1"],
  [/^Extra inputs are not permitted$/, "is not a setting"],
  [/^Field required$/, "is required"],
];
export function plain(msg: string): string {
  return msg
    .split("; ")
    .map((m) => PLAIN.reduce((out, [re, to]) => out.replace(re, to), m))
    .join("; ");
}

/** "HH:MM" for an <input type="time"> from the API's "HH:MM:SS" (or "HH:MM"). */
const hhmm = (v: unknown) => String(v ?? "").slice(0, 5);

function focusField(id: string) {
  const el = document.getElementById(id);
  if (!el) return;
  const target = el.matches("input, select, textarea") ? el : el.querySelector<HTMLElement>("input, select, textarea, button");
  el.scrollIntoView({ block: "center" });
  (target ?? el).focus({ preventScroll: true });
}

export default function ConfigEditor({ answer, sections, skip = [], hints = {}, pickers = {}, notes = {}, onSaved }: Props) {
  const [edits, setEdits] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [refused, setRefused] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  const { busy, run, view, setMsg } = useAction();
  const config = answer.config as Doc;
  const unsaved = Object.entries(edits).filter(([p, v]) => differs(p, v, config)).length;

  useLeaveGuard(unsaved);

  // After a refused save, the summary is where the person reads what to fix.
  useEffect(() => {
    if (refused && summaryRef.current) {
      summaryRef.current.scrollIntoView({ block: "start" });
      summaryRef.current.focus({ preventScroll: true });
    }
  }, [refused]);

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setErrors({});
    const patch = changes(config, edits);
    if (!Object.keys(patch).length) return setMsg({ kind: "ok", text: "Nothing changed." });
    await run(async () => {
      const r = await saveConfig(patch);
      if (Object.keys(r.errors).length) {
        setErrors(Object.fromEntries(Object.entries(r.errors).map(([p, m]) => [p, plain(m)])));
        setRefused((n) => n + 1);
        return;
      }
      if (r.config) {
        setEdits({});
        onSaved(r.config);
        setMsg({ kind: "ok", text: "Settings saved." });
      }
    });
  };

  const discard = () => {
    setEdits({});
    setErrors({});
    setMsg(null);
  };

  const shown: string[] = []; // paths of the fields rendered, for the error summary's links
  const labelOf = (path: string) => path.split(".").map(title).join(" › ");

  const render = (path: string, orig: unknown, depth: number): React.ReactNode => {
    const key = path.split(".").pop()!;
    if (skip.includes(path)) return null;
    const locked = envOverridden(answer, path);
    const hint = [hints[path], locked ? "Set by an environment variable: changes here have no effect." : ""].filter(Boolean).join(" ") || undefined;
    const edited = path in edits;
    const value = edited ? edits[path] : orig;
    const onChange = (v: unknown) => setEdits((d) => ({ ...d, [path]: v }));
    const picker = pickers[path];
    const common = { label: title(key), path, errors, hint };
    if (picker && !isDoc(orig)) shown.push(path);
    if (picker?.kind === "weekdays") {
      const days = Array.isArray(value) ? (value as string[]) : [];
      return <Weekdays key={path} {...common} value={days} onChange={onChange} />;
    }
    if (picker?.kind === "time")
      // The API answers "09:00:00"; an untouched time is never sent, a changed one keeps that form.
      return <Field key={path} {...common} kind="time" value={hhmm(value)} onChange={(v) => onChange(String(orig ?? "").length > 5 && v ? `${v}:00` : v)} />;
    if (picker?.kind === "timezone" || picker?.kind === "select") {
      const options = picker.kind === "timezone" ? timeZones(String(orig ?? "")) : Array.from(new Set([...picker.options, String(orig ?? "")]));
      return <Field key={path} {...common} kind="select" options={options} value={String(value ?? "")} onChange={onChange} />;
    }
    if (isScalarList(orig)) {
      shown.push(path);
      return <ListField key={path} {...common} value={(value as unknown[]).map((x) => String(x ?? ""))} onChange={onChange} />;
    }
    if (isDoc(orig)) {
      const inner = Object.entries(orig).map(([k, v]) => render(`${path}.${k}`, v, depth + 1));
      if (depth === 0) return <div key={path} className="form-grid">{inner}</div>;
      return (
        <fieldset key={path}>
          <legend>{title(key)}</legend>
          <div className="form-grid">{inner}</div>
        </fieldset>
      );
    }
    if (Array.isArray(orig)) return null; // lists of objects: not edited here
    shown.push(path);
    if (typeof orig === "boolean") return <Field key={path} {...common} kind="checkbox" value={value as boolean} onChange={onChange} />;
    return (
      <Field
        key={path}
        {...common}
        kind={typeof orig === "number" ? "number" : "text"}
        step={typeof orig === "number" && !Number.isInteger(orig) ? "any" : undefined}
        value={(value ?? "") as string | number}
        onChange={onChange}
      />
    );
  };

  const body = sections.map((s) => (
    <Card key={s} title={title(s)}>
      {notes[s]}
      {render(s, config[s], 0)}
    </Card>
  ));

  // One line per problem: a rule across fields (min above max) comes back at each of its fields
  // with the same words, listed once and linked to the first of them.
  const problems: { paths: string[]; field?: string; msg: string }[] = [];
  for (const [path, msg] of Object.entries(errors)) {
    const field = shown.includes(path) ? path : shown.find((p) => path.startsWith(p + "."));
    const parent = path.split(".").slice(0, -1).join(".");
    const same = problems.find((p) => p.msg === msg && p.paths.some((q) => q.split(".").slice(0, -1).join(".") === parent));
    if (same) same.paths.push(path);
    else problems.push({ paths: [path], field, msg });
  }
  const s = unsaved === 1 ? "" : "s";
  const state = busy ? "Saving…" : refused && problems.length ? `Not saved: ${problems.length === 1 ? "1 problem" : `${problems.length} problems`} to correct` : unsaved ? `${unsaved} unsaved change${s}` : "No unsaved changes";

  return (
    <form onSubmit={save} noValidate className="config-form">
      {problems.length > 0 && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef} aria-labelledby="error-summary-title">
          <h2 id="error-summary-title">Not saved: {problems.length === 1 ? "1 problem" : `${problems.length} problems`} to correct</h2>
          <ul>
            {problems.map((p) => {
              const what = `${p.paths.map(labelOf).join(" and ")}: ${p.msg}`;
              return (
                <li key={p.paths.join()}>
                  {p.field ? (
                    <a
                      href={`#${idOf(p.field)}`}
                      onClick={(e) => {
                        e.preventDefault();
                        focusField(idOf(p.field!));
                      }}
                    >
                      {what}
                    </a>
                  ) : (
                    what
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      <nav className="section-links" aria-label="Sections">
        {sections.map((sec) => (
          <a key={sec} href={`#c-${title(sec).toLowerCase().replace(/[^a-z0-9]+/g, "-")}`}>
            {title(sec)}
          </a>
        ))}
      </nav>
      {body}
      <div className={unsaved ? "save-bar dirty" : "save-bar"} role="region" aria-label="Save bar">
        <span className="save-state" aria-live="polite">
          {state}
        </span>
        {view}
        <button type="button" className="ghost" onClick={discard} disabled={busy || (!unsaved && !problems.length)}>
          Discard changes
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : "Save settings"}
        </button>
      </div>
    </form>
  );
}

/** While changes are unsaved, leaving asks first: closing or reloading the tab (the browser's own
 * question), and following a link to another page of the dashboard (the menu, the brand link). */
function useLeaveGuard(unsaved: number) {
  useEffect(() => {
    if (!unsaved) return;
    const onUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    // Capture phase on the document: before Next's <Link> handler, which navigates client-side.
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target as Element | null)?.closest?.("a[href]");
      if (!(a instanceof HTMLAnchorElement) || (a.target && a.target !== "_self") || a.hasAttribute("download")) return;
      const to = new URL(a.href, window.location.href);
      const here = window.location;
      if (to.origin !== here.origin || (to.pathname === here.pathname && to.search === here.search)) return;
      if (!window.confirm(`Leave without saving ${unsaved === 1 ? "1 change" : `${unsaved} changes`}?`)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", onUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [unsaved]);
}

type WeekdaysProps = { label: string; path: string; errors: FieldErrors; hint?: string; value: string[]; onChange: (v: string[]) => void };

/** The working days as checkboxes; saved in week order (mon … sun). */
function Weekdays({ label, path, errors, hint, value, onChange }: WeekdaysProps) {
  const id = idOf(path);
  const err = errorFor(errors, path);
  const described = [err ? id + "-err" : "", hint ? id + "-hint" : ""].filter(Boolean).join(" ") || undefined;
  const toggle = (day: string, on: boolean) => {
    const set = new Set(value);
    if (on) set.add(day);
    else set.delete(day);
    onChange(WEEKDAYS.map(([d]) => d).filter((d) => set.has(d)));
  };
  return (
    <div className="field">
      <fieldset className="weekdays" id={id} aria-invalid={err ? true : undefined} aria-describedby={described}>
        <legend>{label}</legend>
        {WEEKDAYS.map(([d, name]) => (
          <label className="check" key={d} htmlFor={`${id}-${d}`}>
            <input type="checkbox" id={`${id}-${d}`} checked={value.includes(d)} onChange={(e) => toggle(d, e.target.checked)} />
            {name}
          </label>
        ))}
      </fieldset>
      {hint && <div className="hint" id={id + "-hint"}>{hint}</div>}
      {err && <div className="field-error" id={id + "-err"}>{err}</div>}
    </div>
  );
}
