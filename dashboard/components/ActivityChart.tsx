// Stacked bars per day and action type, plain HTML (no chart library: keeps the JS budget).
import type { Activity, Schemas } from "@/lib/types";

type Day = Schemas["ActivityDay"];

const COLORS: Record<string, string> = {
  message: "#0a66c2",
  profile_view: "#2da44e",
  accept: "#bf8700",
  ignore: "#8c959f",
  withdraw: "#cf222e",
};
const FALLBACK = ["#8250df", "#1b7c83", "#e16f24"];

export default function ActivityChart({ activity }: { activity: Activity | null }) {
  const data = activity?.days ?? [];
  const actions = activity?.actions ?? [];
  const color = (a: string, i: number) => COLORS[a] ?? FALLBACK[i % FALLBACK.length];
  const sum = (d: Day) => Object.values(d.counts).reduce((s, v) => s + v, 0);
  const max = Math.max(1, ...data.map(sum));
  const total = data.reduce((s, d) => s + sum(d), 0);
  if (!data.length || total === 0) return <p className="muted">No activity in this period yet.</p>;
  const every = Math.ceil(data.length / 7);
  // Plain HTML bars: crisp at any width, no chart library in the bundle.
  return (
    <figure style={{ margin: 0 }}>
      <div className="bars" role="img" aria-label={`Activity per day: ${total} actions in ${data.length} days, at most ${max} a day`}>
        {data.map((d, i) => (
          <div className="bar-col" key={d.date} title={`${d.date}: ${actions.map((a) => `${a.replace(/_/g, " ")} ${d.counts[a] ?? 0}`).join(", ")}`}>
            <div className="bar-stack">
              {actions.map((a, j) =>
                d.counts[a] ? <span key={a} style={{ height: `${(d.counts[a] / max) * 100}%`, background: color(a, j) }} /> : null,
              )}
            </div>
            <span className="bar-label">{i % every === 0 || i === data.length - 1 ? d.date.slice(5) : "\u00a0"}</span>
          </div>
        ))}
      </div>
      <figcaption className="legend">
        {actions.map((a, j) => (
          <span key={a}>
            <i style={{ background: color(a, j) }} />
            {a.replace(/_/g, " ")}
          </span>
        ))}
        <span className="muted">max {max} a day</span>
      </figcaption>
    </figure>
  );
}
