// Wishes to check (ledger state unverified), as GET /api/messages answers them.
import { get } from "./api";

export type Wish = {
  id: number;
  contact_id: number;
  contact_name: string;
  profile_url: string;
  occasion: string;
  kind: string;
  text: string;
  state: string;
  run_id: number | null;
  created_at: string;
  clicked_at: string | null;
  sent_at: string | null;
  note: string | null;
};
type WishPage = { items: Wish[]; total: number; limit: number; offset: number };

export const loadWishesToCheck = (filter: Record<string, string> = {}) =>
  get<WishPage>(`/api/messages?${new URLSearchParams({ state: "unverified", limit: "200", ...filter })}`);
