// System → Updates: the shapes answered by /api/updates (api/routers/updates.py).
export type UpdateState = "idle" | "requested" | "verifying" | "waiting_for_bots" | "installing";

export type UpdateStatus = {
  state: UpdateState;
  id: string | null;
  version: string | null;
  from_version: string | null;
  started_at: string | null;
  message: string | null;
};

export type UpdateRecord = {
  id: string;
  version: string | null;
  from_version: string | null;
  started_at: string | null;
  finished_at: string;
  result: "installed" | "rolled_back" | "refused" | "failed";
  reason: string | null;
};

export type StagedRelease = {
  version: string;
  min_upgrade_from: string;
  created: string;
  notes: string;
  signed: boolean;
  installable: boolean;
  refusal: string | null;
};

export type FeedCheck = {
  channel: string;
  ok: boolean;
  error: string | null;
  latest: { version: string; url: string; notes: string; min_upgrade_from: string | null } | null;
  update_available: boolean;
  refusal: string | null;
};

export type UpdatesOverview = {
  installed_version: string;
  channel: string;
  feed_url: string;
  allow_unsigned: boolean;
  staged: StagedRelease | null;
  status: UpdateStatus;
  history: UpdateRecord[];
};

export const STATE_TEXT: Record<UpdateState, string> = {
  idle: "idle",
  requested: "starting",
  verifying: "checking the bundle",
  waiting_for_bots: "waiting for the bot run in progress to finish",
  installing: "installing (backup, migrate, health check)",
};

export const RESULT_TEXT: Record<UpdateRecord["result"], string> = {
  installed: "installed",
  rolled_back: "rolled back",
  refused: "refused",
  failed: "failed",
};
