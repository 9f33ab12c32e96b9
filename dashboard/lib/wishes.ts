// Wishes to check (ledger state unverified), as GET /api/messages answers them.
import { get } from "./api";

export type WishFilter = { run_id?: number; contact_id?: number; limit?: number };

export const loadWishesToCheck = (filter: WishFilter = {}) =>
  get("/api/messages", { query: { state: "unverified", limit: 200, ...filter } });
