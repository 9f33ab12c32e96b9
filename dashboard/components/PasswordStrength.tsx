import { strength } from "@/lib/strength";

const COLORS = ["var(--bad)", "var(--bad)", "var(--warn)", "var(--ok)", "var(--ok)"];

export default function PasswordStrength({ value, id }: { value: string; id: string }) {
  const s = strength(value);
  return (
    <div id={id} aria-live="polite">
      <div className="strength" aria-hidden="true">
        <span style={{ width: value ? `${(s.score + 1) * 20}%` : "0", background: COLORS[s.score] }} />
      </div>
      <span className="hint">Strength: {value ? s.label : "—"}</span>
    </div>
  );
}
