// Stacked bars per day and action type in plain SVG (no chart library: keeps the JS budget):
// dates along the bottom, counts up the side, a day's numbers on hover, focus or tap, and the
// same numbers as a table for screen readers and anyone who prefers one.
import { useEffect, useRef, useState } from "react";
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
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const H = 190;
const PAD = { left: 34, right: 8, top: 10, bottom: 24 };

/** "2026-12-04" as "4 Dec" (the API's dates are already the appliance's days). */
export const dayLabel = (date: string): string => {
  const [, m, d] = date.split("-").map(Number);
  return `${d} ${MONTHS[m - 1] ?? ""}`.trim();
};

const actionName = (a: string) => a.replace(/_/g, " ");

/** Round steps (1, 2, 5, 10, ...) from 0 past `max`, at most 5 ticks. */
function ticksFor(max: number): number[] {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag);
  const out: number[] = [];
  for (let v = 0; v <= Math.ceil(max / step) * step; v += step) out.push(v);
  return out;
}

export default function ActivityChart({ activity }: { activity: Activity | null }) {
  const wrap = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  const [pick, setPick] = useState<number | null>(null);
  useEffect(() => {
    const el = wrap.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    // Drawn at the size it is shown: crisp, and its text readable on a phone too.
    const ro = new ResizeObserver(([e]) => setWidth(Math.max(240, Math.floor(e.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const data = activity?.days ?? [];
  const actions = activity?.actions ?? [];
  const color = (a: string, i: number) => COLORS[a] ?? FALLBACK[i % FALLBACK.length];
  const sum = (d: Day) => Object.values(d.counts).reduce((s, v) => s + v, 0);
  const max = Math.max(1, ...data.map(sum));
  const total = data.reduce((s, d) => s + sum(d), 0);
  if (!data.length || total === 0) return <p className="muted">No activity in this period yet.</p>;

  const ticks = ticksFor(max);
  const top = ticks[ticks.length - 1];
  const plotW = width - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const slot = plotW / data.length;
  const barW = Math.max(2, Math.min(28, slot * 0.7));
  const every = Math.max(1, Math.ceil(data.length / Math.max(1, Math.floor(plotW / 46))));
  const describe = (d: Day) =>
    `${dayLabel(d.date)}: ${sum(d)} ${sum(d) === 1 ? "action" : "actions"}` +
    (sum(d) ? ` (${actions.filter((a) => d.counts[a]).map((a) => `${actionName(a)} ${d.counts[a]}`).join(", ")})` : "");

  return (
    <figure style={{ margin: 0 }}>
      <div ref={wrap} className="chart">
        <svg
          width={width}
          height={H}
          viewBox={`0 0 ${width} ${H}`}
          role="group"
          aria-label={`Activity per day, ${dayLabel(data[0].date)} to ${dayLabel(data[data.length - 1].date)}: ${total} actions, at most ${max} a day`}
          onMouseLeave={() => setPick(null)}
        >
          <g className="axis" aria-hidden="true">
            {ticks.map((t) => (
              <g key={t}>
                <line x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} className={t ? "grid-line" : "base-line"} />
                <text x={PAD.left - 6} y={y(t)} dy="0.32em" textAnchor="end">{t}</text>
              </g>
            ))}
            {data.map((d, i) =>
              (data.length - 1 - i) % every === 0 ? ( // counted from today: it is always labelled
                <text key={d.date} x={PAD.left + (i + 0.5) * slot} y={H - 6} textAnchor="middle">{dayLabel(d.date)}</text>
              ) : null,
            )}
          </g>
          {data.map((d, i) => {
            let base = 0;
            const x = PAD.left + i * slot;
            return (
              <g
                key={d.date}
                className={pick === i ? "day picked" : "day"}
                tabIndex={0}
                role="img"
                aria-label={describe(d)}
                onMouseEnter={() => setPick(i)}
                onFocus={() => setPick(i)}
                onClick={() => setPick(i)}
              >
                <title>{describe(d)}</title>
                <rect x={x} y={PAD.top} width={slot} height={plotH} className="hit" />
                {actions.map((a, j) => {
                  const v = d.counts[a] ?? 0;
                  if (!v) return null;
                  const r = <rect key={a} x={x + (slot - barW) / 2} y={y(base + v)} width={barW} height={y(base) - y(base + v)} fill={color(a, j)} />;
                  base += v;
                  return r;
                })}
              </g>
            );
          })}
        </svg>
      </div>
      <p className="small chart-readout" aria-live="polite">
        {pick !== null && data[pick] ? describe(data[pick]) : "Point at or tap a day for its numbers."}
      </p>
      <figcaption className="legend">
        {actions.map((a, j) => (
          <span key={a}>
            <i style={{ background: color(a, j) }} />
            {actionName(a)}
          </span>
        ))}
        <span className="muted">max {max} a day</span>
      </figcaption>
      <details className="small">
        <summary>Show the numbers as a table</summary>
        <table className="chart-table">
          <thead>
            <tr>
              <th scope="col">Day</th>
              {actions.map((a) => (
                <th key={a} scope="col">{actionName(a)}</th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.date}>
                <th scope="row">{dayLabel(d.date)}</th>
                {actions.map((a) => (
                  <td key={a}>{d.counts[a] ?? 0}</td>
                ))}
                <td>{sum(d)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
