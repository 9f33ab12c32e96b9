"use client";
import { get } from "@/lib/api";
import { loadConfig } from "@/lib/config";
import { title } from "@/lib/format";
import { LIMIT_KEYS, dailyText, warmupSentence, weeklyText } from "@/lib/limits";
import type { Safety } from "@/lib/types";
import ConfigEditor, { Picker } from "@/components/ConfigEditor";
import { Loading, useData } from "@/components/ui";

const SECTIONS = ["timezone", "limits", "warmup", "working_hours", "delays", "safety", "bots", "backup", "logging"];
// Edited on the Messages page (wishes per language and the default language).
const SKIP = ["bots.birthday.templates", "bots.birthday.default_language"];
const HINTS: Record<string, string> = {
  "bots.visitor.network": "F = 1st, S = 2nd, O = 3rd+ degree",
  "bots.visitor.geo_urns": "Numeric LinkedIn location ids",
  timezone: "Working hours, schedules and every time on the dashboard use it",
  "warmup.start_fraction": "Share of each quota allowed on day one (0–1)",
};
const PICKERS: Record<string, Picker> = {
  timezone: { kind: "timezone" },
  "working_hours.days": { kind: "weekdays" },
  "working_hours.start": { kind: "time" },
  "working_hours.end": { kind: "time" },
  "logging.level": { kind: "select", options: ["debug", "info", "warning", "error"] },
};

/** Each limit field says the limit in force when the warm-up lowers it. */
function limitHints(safety: Safety | null): Record<string, string> {
  const hints: Record<string, string> = {};
  if (!safety?.warmup.active) return hints;
  for (const [action, q] of Object.entries(safety.usage)) {
    const key = LIMIT_KEYS[action];
    if (!key) continue;
    hints[`limits.${key}.daily`] = `In force: ${dailyText(q, safety.warmup)}`;
    hints[`limits.${key}.weekly`] = `In force: ${weeklyText(q, safety.warmup)}`;
  }
  return hints;
}

function LimitsNote({ safety }: { safety: Safety | null }) {
  const sentence = warmupSentence(safety?.warmup);
  if (!safety || !sentence) return null;
  return (
    <div className="notice info" data-testid="limits-in-force">
      <p>{sentence}</p>
      <ul className="small">
        {Object.entries(safety.usage).map(([action, q]) => (
          <li key={action}>
            {title(LIMIT_KEYS[action] ?? action)}: {dailyText(q, safety.warmup)} · {weeklyText(q, safety.warmup)}
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function SettingsPage() {
  const { data, error, loading, setData } = useData(loadConfig);
  const { data: safety, reload } = useData(() => get("/api/safety").catch(() => null));
  if (!data) return <Loading error={error} loading={loading} />;
  return (
    <>
      <h1>Settings</h1>
      <p className="muted small">
        Saved to <code>{data.file}</code>. Message templates are on the Messages page, notification
        settings on the Notifications page.
      </p>
      <ConfigEditor
        answer={data}
        sections={SECTIONS}
        skip={SKIP}
        hints={{ ...HINTS, ...limitHints(safety ?? null) }}
        pickers={PICKERS}
        notes={{ limits: <LimitsNote safety={safety ?? null} /> }}
        onSaved={(a) => {
          setData(a);
          reload();
        }}
      />
    </>
  );
}
