"use client";
// Renders a part of the settings document as a form (types taken from the current values),
// and saves only the fields the person changed: values the form does not show, or shows but
// were not touched, are never sent back (the API deep-merges the partial document).
import { useState } from "react";
import { FieldErrors } from "@/lib/api";
import { ConfigAnswer, Doc, envOverridden, getPath, isDoc, saveConfig, setPath } from "@/lib/config";
import { title } from "@/lib/format";
import Field from "./Field";
import ListField from "./ListField";
import { Card, Notice, useAction } from "./ui";

type Props = {
  answer: ConfigAnswer;
  sections: string[];
  skip?: string[];
  hints?: Record<string, string>;
  /** Shown at the top of a section's card (e.g. the limits in force during the warm-up). */
  notes?: Record<string, React.ReactNode>;
  onSaved: (a: ConfigAnswer) => void;
};

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

/** Partial document of the edited fields whose value differs from the one in force. */
export function changes(config: Doc, edits: Record<string, unknown>): Doc {
  let patch: Doc = {};
  for (const [path, edited] of Object.entries(edits)) {
    const orig = getPath(config, path);
    const value = parse(edited, orig);
    if (JSON.stringify(value) !== JSON.stringify(orig)) patch = setPath(patch, path, value);
  }
  return patch;
}

export default function ConfigEditor({ answer, sections, skip = [], hints = {}, notes = {}, onSaved }: Props) {
  const [edits, setEdits] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, run, view, setMsg } = useAction();

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setErrors({});
    const patch = changes(answer.config, edits);
    if (!Object.keys(patch).length) return setMsg({ kind: "ok", text: "Nothing changed." });
    await run(async () => {
      const r = await saveConfig(patch);
      if (Object.keys(r.errors).length) {
        setErrors(r.errors);
        throw new Error("Not saved: please correct the highlighted fields.");
      }
      if (r.config) {
        setEdits({});
        onSaved(r.config);
      }
    }, "Settings saved.");
  };

  const render = (path: string, orig: unknown, depth: number): React.ReactNode => {
    const key = path.split(".").pop()!;
    if (skip.includes(path)) return null;
    const locked = envOverridden(answer, path);
    const hint = [hints[path], locked ? "Set by an environment variable: changes here have no effect." : ""].filter(Boolean).join(" ") || undefined;
    const edited = path in edits;
    const value = edited ? edits[path] : orig;
    const onChange = (v: unknown) => setEdits((d) => ({ ...d, [path]: v }));
    if (isScalarList(orig))
      return <ListField key={path} label={title(key)} path={path} errors={errors} hint={hint} value={(value as unknown[]).map((x) => String(x ?? ""))} onChange={onChange} />;
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
    if (typeof orig === "boolean") return <Field key={path} kind="checkbox" label={title(key)} path={path} errors={errors} hint={hint} value={value as boolean} onChange={onChange} />;
    return (
      <Field
        key={path}
        kind={typeof orig === "number" ? "number" : "text"}
        step={typeof orig === "number" && !Number.isInteger(orig) ? "any" : undefined}
        label={title(key)}
        path={path}
        errors={errors}
        hint={hint}
        value={(value ?? "") as string | number}
        onChange={onChange}
      />
    );
  };

  const orphan = Object.entries(errors).filter(([p]) => !sections.some((s) => p === s || p.startsWith(s + ".")));
  return (
    <form onSubmit={save} noValidate>
      {sections.map((s) => (
        <Card key={s} title={title(s)}>
          {notes[s]}
          {render(s, answer.config[s], 0)}
        </Card>
      ))}
      {orphan.map(([p, m]) => (
        <Notice key={p} kind="error">{`${p}: ${m}`}</Notice>
      ))}
      {view}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : "Save settings"}
        </button>
      </div>
    </form>
  );
}
