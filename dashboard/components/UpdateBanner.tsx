"use client";
// Shown on every page while the appliance installs an update (polls the updater's status).
import Link from "next/link";
import { useEffect, useState } from "react";
import { get } from "@/lib/api";
import { STATE_TEXT } from "@/lib/updates";
import type { UpdateStatus } from "@/lib/types";

export default function UpdateBanner() {
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  useEffect(() => {
    let stop = false;
    const load = () =>
      get("/api/updates/status")
        .then((s) => !stop && setStatus(s))
        .catch(() => {
          /* offline during the switch: the shell's banner says so */
        });
    load();
    const t = setInterval(load, 5000);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, []);
  if (!status || status.state === "idle") return null;
  return (
    <div className="banner" role="status" data-testid="update-banner">
      Updating to {status.version ?? "a new release"}: {STATE_TEXT[status.state]}. Bots wait until the new
      release is ready; the dashboard may not answer for a moment. <Link href="/system/updates/">Details</Link>
    </div>
  );
}
