// Stacked bars per day and action type, plain SVG (no chart library: keeps the JS budget).
export type DayCounts = { day: string; counts: Record<string, number> };

const COLORS: Record<string, string> = {
  message: "#0a66c2",
  profile_view: "#2da44e",
  accept: "#bf8700",
  ignore: "#8c959f",
  withdraw: "#cf222e",
};
const FALLBACK = ["#8250df", "#1b7c83", "#e16f24"];

/** Accepts rows `{day|date, action, count}` or `{day|date, counts}` and returns one entry per day. */
export function normalizeActivity(raw: unknown): DayCounts[] {
  const rows: unknown[] = Array.isArray(raw)
    ? raw
    : ((raw as { days?: unknown[]; items?: unknown[] })?.days ?? (raw as { items?: unknown[] })?.items ?? []);
  const byDay = new Map<string, Record<string, number>>();
  for (const r of rows as Record<string, unknown>[]) {
    const day = String(r.day ?? r.date ?? "");
    if (!day) continue;
    const counts = byDay.get(day) ?? {};
    if (r.counts && typeof r.counts === "object") {
      for (const [k, v] of Object.entries(r.counts as Record<string, number>)) counts[k] = (counts[k] ?? 0) + Number(v);
    } else if (r.action) {
      const k = String(r.action);
      counts[k] = (counts[k] ?? 0) + Number(r.count ?? 0);
    }
    byDay.set(day, counts);
  }
  return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, counts]) => ({ day, counts }));
}

export default function ActivityChart({ data }: { data: DayCounts[] }) {
  const actions = [...new Set(data.flatMap((d) => Object.keys(d.counts)))].sort();
  const color = (a: string, i: number) => COLORS[a] ?? FALLBACK[i % FALLBACK.length];
  const sum = (d: DayCounts) => Object.values(d.counts).reduce((s, v) => s + v, 0);
  const max = Math.max(1, ...data.map(sum));
  const total = data.reduce((s, d) => s + sum(d), 0);
  if (!data.length || total === 0) return <p className="muted">No activity in this period yet.</p>;
  const every = Math.ceil(data.length / 7);
  // Plain HTML bars: crisp at any width, no chart library in the bundle.
  return (
    <figure style={{ margin: 0 }}>
      <div className="bars" role="img" aria-label={`Activity per day: ${total} actions in ${data.length} days, at most ${max} a day`}>
        {data.map((d, i) => (
          <div className="bar-col" key={d.day} title={`${d.day}: ${actions.map((a) => `${a.replace(/_/g, " ")} ${d.counts[a] ?? 0}`).join(", ")}`}>
            <div className="bar-stack">
              {actions.map((a, j) =>
                d.counts[a] ? <span key={a} style={{ height: `${(d.counts[a] / max) * 100}%`, background: color(a, j) }} /> : null,
              )}
            </div>
            <span className="bar-label">{i % every === 0 || i === data.length - 1 ? d.day.slice(5) : "\u00a0"}</span>
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
