"use client";
import { loadConfig } from "@/lib/config";
import ConfigEditor from "@/components/ConfigEditor";
import { Loading, useData } from "@/components/ui";

const SECTIONS = ["timezone", "limits", "warmup", "working_hours", "delays", "safety", "bots", "backup", "logging"];
// Edited on the Messages page (wishes per language and the default language).
const SKIP = ["bots.birthday.templates", "bots.birthday.default_language"];
const HINTS: Record<string, string> = {
  "working_hours.days": "mon, tue, wed, thu, fri, sat, sun",
  "bots.visitor.network": "F = 1st, S = 2nd, O = 3rd+ degree",
  "bots.visitor.geo_urns": "Numeric LinkedIn location ids",
  timezone: "IANA name, e.g. Europe/Paris: working hours and schedules use it",
  "warmup.start_fraction": "Share of each quota allowed on day one (0–1)",
};

export default function SettingsPage() {
  const { data, error, loading, setData } = useData(loadConfig);
  if (!data) return <Loading error={error} loading={loading} />;
  return (
    <>
      <h1>Settings</h1>
      <p className="muted small">
        Saved to <code>{data.file}</code>. Message templates are on the Messages page, notification
        settings on the Notifications page.
      </p>
      <ConfigEditor answer={data} sections={SECTIONS} skip={SKIP} hints={HINTS} onSaved={setData} />
    </>
  );
}
