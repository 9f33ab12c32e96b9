"use client";
// A list of short values edited as a list: one input per item, add and remove buttons.
// Items may contain commas (a keyword "head of sales, EMEA" stays one item).
import { FieldErrors } from "@/lib/api";
import { errorFor } from "./Field";

const idOf = (path: string) => "f-" + path.replace(/[^a-zA-Z0-9]+/g, "-");

type Props = {
  label: string;
  path: string;
  errors: FieldErrors;
  hint?: string;
  value: string[];
  onChange: (v: string[]) => void;
};

export default function ListField({ label, path, errors, hint, value, onChange }: Props) {
  const id = idOf(path);
  const err = errorFor(errors, path);
  const described = [err ? id + "-err" : "", hint ? id + "-hint" : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <fieldset className="list-field" id={id} aria-invalid={err ? true : undefined} aria-describedby={described}>
        <legend>{label}</legend>
        {value.map((item, i) => (
          <div className="row" key={i}>
            <input
              id={`${id}-${i}`}
              aria-label={`${label} ${i + 1}`}
              aria-invalid={errors[`${path}.${i}`] ? true : undefined}
              value={item}
              onChange={(e) => onChange(value.map((x, j) => (j === i ? e.target.value : x)))}
            />
            <button type="button" className="ghost small" aria-label={`Remove ${label} ${i + 1}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>
              Remove
            </button>
          </div>
        ))}
        {!value.length && <p className="hint">None.</p>}
        <button type="button" className="small" onClick={() => onChange([...value, ""])}>
          Add
        </button>
      </fieldset>
      {hint && <div className="hint" id={id + "-hint"}>{hint}</div>}
      {err && <div className="field-error" id={id + "-err"}>{err}</div>}
    </div>
  );
}
