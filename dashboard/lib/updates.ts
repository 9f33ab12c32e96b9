// System → Updates: words for the states and results answered by /api/updates.
import type { UpdateResult, UpdateState } from "./types";

export const STATE_TEXT: Record<UpdateState, string> = {
  idle: "idle",
  requested: "starting",
  verifying: "checking the bundle",
  waiting_for_bots: "waiting for the bot run in progress to finish",
  installing: "installing (backup, migrate, health check)",
};

export const RESULT_TEXT: Record<UpdateResult, string> = {
  installed: "installed",
  rolled_back: "rolled back",
  refused: "refused",
  failed: "failed",
};
