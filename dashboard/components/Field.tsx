"use client";
import { FieldErrors } from "@/lib/api";

/** Server error for a field path, also matching a deeper or a parent path (e.g. "weekdays.0"). */
export function errorFor(errors: FieldErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const deeper = Object.keys(errors).find((k) => k.startsWith(path + "."));
  return deeper ? errors[deeper] : undefined;
}

export const idOf = (path: string) => "f-" + path.replace(/[^a-zA-Z0-9]+/g, "-");

type Props = {
  label: string;
  path: string;
  errors: FieldErrors;
  hint?: string;
  children?: never;
} & (
  | { kind?: "text" | "number" | "time" | "password"; value: string | number; onChange: (v: string) => void; step?: string; placeholder?: string; min?: number; max?: number }
  | { kind: "textarea"; value: string; onChange: (v: string) => void; placeholder?: string; step?: never }
  | { kind: "checkbox"; value: boolean; onChange: (v: boolean) => void; step?: never; placeholder?: never }
  | { kind: "select"; value: string; onChange: (v: string) => void; options: (string | { value: string; label: string })[]; step?: never; placeholder?: never }
);

export default function Field(props: Props) {
  const { label, path, errors, hint } = props;
  const id = idOf(path);
  const err = errorFor(errors, path);
  const described = [err ? id + "-err" : "", hint ? id + "-hint" : ""].filter(Boolean).join(" ") || undefined;
  const common = { id, "aria-invalid": err ? true : undefined, "aria-describedby": described } as const;
  let control: React.ReactNode;
  if (props.kind === "checkbox") {
    return (
      <div className="field">
        <label className="check" htmlFor={id}>
          <input type="checkbox" {...common} checked={props.value} onChange={(e) => props.onChange(e.target.checked)} />
          {label}
        </label>
        {hint && <div className="hint" id={id + "-hint"}>{hint}</div>}
        {err && <div className="field-error" id={id + "-err"}>{err}</div>}
      </div>
    );
  }
  if (props.kind === "textarea") control = <textarea {...common} value={props.value} placeholder={props.placeholder} onChange={(e) => props.onChange(e.target.value)} />;
  else if (props.kind === "select")
    control = (
      <select {...common} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) =>
          typeof o === "string" ? (
            <option key={o}>{o}</option>
          ) : (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ),
        )}
      </select>
    );
  else
    control = (
      <input
        {...common}
        type={props.kind ?? "text"}
        step={props.step}
        min={props.min}
        max={props.max}
        placeholder={props.placeholder}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    );
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {control}
      {hint && <div className="hint" id={id + "-hint"}>{hint}</div>}
      {err && <div className="field-error" id={id + "-err"}>{err}</div>}
    </div>
  );
}
