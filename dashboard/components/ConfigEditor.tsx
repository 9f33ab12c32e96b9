"use client";
// Renders a part of the settings document as a form (types taken from the current values),
// and saves only what changed. Server validation errors appear at their field.
import { useState } from "react";
import { FieldErrors } from "@/lib/api";
import { ConfigAnswer, diff, envOverridden, getPath, saveConfig, setPath } from "@/lib/config";
import { title } from "@/lib/format";
import { Obj } from "@/lib/types";
import Field from "./Field";
import { Card, Notice, useAction } from "./ui";

type Props = {
  answer: ConfigAnswer;
  sections: string[];
  skip?: string[];
  hints?: Record<string, string>;
  onSaved: (a: ConfigAnswer) => void;
};

// Lists are edited as comma-separated text; converted back on save.
const LIST_MARK = "\u0000list";

function toDraft(v: unknown): unknown {
  if (Array.isArray(v)) return v.every((x) => typeof x !== "object") ? { [LIST_MARK]: v.join(", ") } : v;
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toDraft(x)]));
  return v == null ? "" : v;
}

function fromDraft(draft: unknown, orig: unknown): unknown {
  if (draft && typeof draft === "object" && LIST_MARK in (draft as Obj)) {
    const text = String((draft as Obj)[LIST_MARK]);
    const items = text.split(",").map((s) => s.trim()).filter(Boolean);
    return Array.isArray(orig) && orig.every((x) => typeof x === "number") ? items.map((x) => (isNaN(Number(x)) ? x : Number(x))) : items;
  }
  if (draft && typeof draft === "object" && !Array.isArray(draft))
    return Object.fromEntries(Object.entries(draft).map(([k, x]) => [k, fromDraft(x, (orig as Obj | undefined)?.[k])]));
  if (typeof orig === "number" && typeof draft === "string") return draft.trim() !== "" && !isNaN(Number(draft)) ? Number(draft) : draft;
  if (orig === null && draft === "") return null;
  return draft;
}

export default function ConfigEditor({ answer, sections, skip = [], hints = {}, onSaved }: Props) {
  const [draft, setDraft] = useState<Obj>(() => toDraft(answer.config) as Obj);
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, run, view, setMsg } = useAction();

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setErrors({});
    const next = fromDraft(draft, answer.config) as Obj;
    const patch: Obj = {};
    for (const s of sections) {
      const d = diff(answer.config[s], next[s]);
      if (d !== undefined) patch[s] = d;
    }
    if (!Object.keys(patch).length) return setMsg({ kind: "ok", text: "Nothing changed." });
    await run(async () => {
      const r = await saveConfig(patch);
      if (Object.keys(r.errors).length) {
        setErrors(r.errors);
        throw new Error("Not saved: please correct the highlighted fields.");
      }
      if (r.config) onSaved(r.config);
    }, "Settings saved.");
  };

  const render = (path: string, value: unknown, depth: number): React.ReactNode => {
    const key = path.split(".").pop()!;
    if (skip.includes(path)) return null;
    const locked = envOverridden(answer, path);
    const hint = [hints[path], locked ? "Set by an environment variable: changes here have no effect." : ""].filter(Boolean).join(" ") || undefined;
    const onChange = (v: unknown) => setDraft((d) => setPath(d, path, v));
    if (value && typeof value === "object" && LIST_MARK in (value as Obj))
      return <Field key={path} label={title(key)} path={path} errors={errors} hint={hint ?? "Comma-separated"} value={String((value as Obj)[LIST_MARK])} onChange={(v) => onChange({ [LIST_MARK]: v })} />;
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const inner = Object.entries(value).map(([k, v]) => render(`${path}.${k}`, v, depth + 1));
      if (depth === 0) return <div key={path} className="form-grid">{inner}</div>;
      return (
        <fieldset key={path}>
          <legend>{title(key)}</legend>
          <div className="form-grid">{inner}</div>
        </fieldset>
      );
    }
    if (Array.isArray(value)) return null;
    if (typeof value === "boolean") return <Field key={path} kind="checkbox" label={title(key)} path={path} errors={errors} hint={hint} value={value} onChange={onChange} />;
    const orig = getPath(answer.config, path);
    return (
      <Field
        key={path}
        kind={typeof orig === "number" ? "number" : "text"}
        step={typeof orig === "number" && !Number.isInteger(orig) ? "any" : undefined}
        label={title(key)}
        path={path}
        errors={errors}
        hint={hint}
        value={value as string | number}
        onChange={onChange}
      />
    );
  };

  const orphan = Object.entries(errors).filter(([p]) => !sections.some((s) => p === s || p.startsWith(s + ".")));
  return (
    <form onSubmit={save} noValidate>
      {sections.map((s) => (
        <Card key={s} title={title(s)}>
          {render(s, draft[s], 0)}
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
