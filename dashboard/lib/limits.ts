// The limits in force, said next to the configured ones: during the warm-up of a new install a
// quota is lower than its setting ("15/day → 3/day today (warm-up), 15/day from 17 Dec").
// The numbers come from GET /api/safety, which computes them with the bots' own rule.
import { timeZone } from "./format";
import type { ActionUsage, Warmup } from "./types";

/** A day in the appliance's time zone: "17 Dec" (with the year when it is not this year's). */
export function fmtDay(iso?: string | null): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (isNaN(d.getTime())) return "—";
  const tz = timeZone();
  const year = (x: Date) => new Intl.DateTimeFormat("en-GB", { year: "numeric", timeZone: tz }).format(x);
  const opts: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", timeZone: tz };
  if (year(d) !== year(new Date())) opts.year = "numeric";
  return new Intl.DateTimeFormat("en-GB", opts).format(d);
}

/** When the configured limits apply in full, in words. */
function fullFrom(w: Warmup): string {
  if (w.full_at) return `from ${fmtDay(w.full_at)}`;
  return `${w.days} ${w.days === 1 ? "day" : "days"} after the first real action`;
}

/** "15/day → 3/day today (warm-up), 15/day from 17 Dec" ("60/week → 15/week now ..."), or
 *  just "15/day" when the configured limit is the one in force. */
export function limitText(configured: number, effective: number, per: "day" | "week", w?: Warmup | null): string {
  const set = `${configured}/${per}`;
  if (!w || !w.active || effective >= configured) return set;
  const now = per === "day" ? "today" : "now";
  return `${set} → ${effective}/${per} ${now} (warm-up), ${set} ${fullFrom(w)}`;
}

export function dailyText(q: ActionUsage, w?: Warmup | null): string {
  return limitText(q.configured_daily, q.daily_limit, "day", w);
}

export function weeklyText(q: ActionUsage, w?: Warmup | null): string {
  return limitText(q.configured_weekly, q.weekly_limit, "week", w);
}

/** One sentence about the warm-up as a whole, or null when the configured limits apply. */
export function warmupSentence(w?: Warmup | null): string | null {
  if (!w || !w.active) return null;
  const pct = Math.round(w.factor * 100);
  if (!w.started_at)
    return `Warm-up: the limits in force are ${pct}% of the settings until the first real action, then rise day by day to the full settings ${w.days} days later.`;
  return `Warm-up: the limits in force are ${pct}% of the settings today, rising day by day to the full settings on ${fmtDay(w.full_at)}.`;
}

// settings.limits key per action type (the API's usage is keyed by action).
export const LIMIT_KEYS: Record<string, string> = {
  message: "messages",
  profile_view: "profile_views",
  accept: "accepts",
  ignore: "ignores",
  withdraw: "withdrawals",
};
