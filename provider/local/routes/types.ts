/** The shape shared by every AGB API route. */
import type { FileTokens } from "../models/files";
import type { Store } from "../models/store";
import type { Strictness } from "../models/strictness";
import type { AccountRecord } from "../models/types";
import type { Params } from "./params";

export interface RouteContext {
  store: Store;
  acct: AccountRecord;
  params: Params;
  tokens: FileTokens;
  /** Base URL of this server as the client reached it (for file URLs). */
  baseUrl: string;
  /** Optional strictness (label limits, image allow-list); `{}` = permissive. */
  strictness: Strictness;
}

export interface RouteResult {
  data: unknown;
  /** Extra top-level envelope fields (pagination). */
  extra?: Record<string, unknown>;
  /** Overrides the route's `mutates` for this call (GetContext persists only when it created). */
  mutated?: boolean;
}

export interface Route {
  /** Operation name as used in counters and faults. */
  op: string;
  /** Whether a success must be persisted before answering. */
  mutates: boolean;
  handle(ctx: RouteContext): RouteResult;
}
