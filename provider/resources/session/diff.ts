/**
 * The Session diff: which fields changed, what forces a replacement, and in which order a
 * replacement runs. Two rules here go beyond the shared replaceOnChange list (diff.ts):
 *
 * - `adoptSessionId` is compared with the session the resource manages (its id), not with the old
 *   input: naming another session replaces the resource (the replacement adopts that one); removing
 *   the input, or naming the session the resource already is, changes nothing (as with Pulumi's
 *   `import` option, which may stay or go once the resource is in state).
 * - `deleteBeforeReplace` is asked for exactly when the replacement would otherwise start on stale
 *   data (see {@link startsOnStaleData}).
 *
 * Engine facts relied on (pulumi/pulumi pkg/resource/deploy/step_generator.go, read at commit
 * 1b5949891b3c): for a replacement the engine takes `deleteBeforeReplace` from this DiffResponse
 * unless the resource option `deleteBeforeReplace` is set, which wins either way; with it, the old
 * resource (and dependents that would be replaced with it) is deleted before the create. A
 * targeted replace (`pulumi up --replace <urn>`, or a tainted resource: `isTargetedReplace`) never
 * calls Diff: `diff()` answers a replace on "id" with `DeleteBeforeReplace` unset, so only the
 * resource option can make that one delete first (README "Using it" says so).
 */
import { changedFields, outcomeOf } from "../shared/diff";
import type { DiffOutcome, DiffRules } from "../shared/diff";
import { UNKNOWN } from "../shared/check-helpers";
import { CLAIM_PENDING_KEY, SESSION_RULES, storedSessionInputs } from "./state";
import { pickFields } from "../shared/fields";
import { SESSION_FIELDS } from "./schema";
import type { KnownSessionInputs } from "./schema";
import { uploadEnabledSyncs } from "./wire";

/** Every field but `adoptSessionId`, which {@link adoptionChanged} decides against the id. */
const COMPARED: DiffRules = { ...SESSION_RULES, fields: SESSION_FIELDS.filter((f) => f !== "adoptSessionId") };

/** True when the news name a session other than the one the resource manages (an unknown counts). */
export function adoptionChanged(id: string, news: Record<string, unknown>): boolean {
  const wanted = news?.adoptSessionId;
  return wanted !== undefined && wanted !== id;
}

/** Context ids the old session uploads to when it is deleted: what delete.ts uploads before release. */
function uploadedOnDelete(old: KnownSessionInputs): Set<string> {
  if (old.syncOnDelete === false) return new Set();
  return new Set(uploadEnabledSyncs(old).map((s) => s.contextId));
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Context ids the new session downloads when it is created, from checked news that may still hold
 * preview unknowns (`maybeAny`: some id or download switch is not known yet). An adopted session
 * is not created, so it downloads nothing. The browser-data and extension syncs download by default
 * (wire.ts builds them with autoDownload on).
 */
function downloadedOnCreate(news: Record<string, unknown>): { ids: Set<string>; maybeAny: boolean } {
  const ids = new Set<string>();
  let maybeAny = false;
  const add = (contextId: unknown) => {
    if (typeof contextId === "string" && contextId !== UNKNOWN) ids.add(contextId);
    else maybeAny = true;
  };
  if (news.adoptSessionId !== undefined && news.adoptSessionId !== UNKNOWN) return { ids, maybeAny };
  const syncs = news.contextSyncs ?? [];
  if (!Array.isArray(syncs)) maybeAny = true;
  else {
    for (const sync of syncs) {
      if (!isObject(sync)) {
        maybeAny = true;
        continue;
      }
      const policy = sync.policy;
      const download = isObject(policy) ? policy.downloadPolicy : policy;
      const auto = isObject(download) ? download.autoDownload : download;
      if (auto !== false) add(sync.contextId); // true, the default, or not known yet
    }
  }
  const bc = news.browserContext;
  if (bc === UNKNOWN) maybeAny = true;
  else if (isObject(bc)) {
    add(bc.contextId);
    const ext = bc.extensionOption;
    if (ext === UNKNOWN) maybeAny = true;
    else if (isObject(ext)) add(ext.contextId);
  }
  return { ids, maybeAny };
}

/**
 * True when the old and the new session share a context that the old one uploads to on delete and
 * the new one downloads at create. Created first (the engine's default order), the new session
 * would download the context before the old one's final upload, start from older data, and later
 * see that upload land underneath it. In a preview a context id may be unknown: then any upload of
 * the old session counts, so the plan never promises the faster order where the real run might not.
 */
export function startsOnStaleData(old: KnownSessionInputs, news: Record<string, unknown>): boolean {
  const uploaded = uploadedOnDelete(old);
  if (uploaded.size === 0) return false;
  const downloaded = downloadedOnCreate(news);
  if (downloaded.maybeAny) return true;
  for (const id of downloaded.ids) if (uploaded.has(id)) return true;
  return false;
}

/**
 * The diff from stored outputs (`olds`) to checked inputs (`news`). An unchanged resource is decided
 * by a plain comparison without parsing the olds (diff runs for every resource on every preview);
 * otherwise the olds are canonicalized, and stored state that does not parse stops here.
 */
export function sessionDiff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): DiffOutcome {
  const newFields = pickFields(news, SESSION_FIELDS);
  const adoption = adoptionChanged(id, news);
  let changed = changedFields(COMPARED, olds ?? {}, newFields);
  let old: KnownSessionInputs | undefined;
  if (changed.length > 0 || adoption) {
    old = storedSessionInputs(id, olds, "diff");
    changed = changedFields(COMPARED, old, newFields);
  }
  // An unfinished create, or a session a refresh found not marked as owned: update finishes it.
  const outcome = outcomeOf(COMPARED, changed, olds?.ready === false || olds?.[CLAIM_PENDING_KEY] === true);
  if (adoption) {
    outcome.changes = true;
    outcome.replaces = [...outcome.replaces, "adoptSessionId"];
  }
  if (outcome.replaces.length === 0) return outcome;
  if (news.adoptSessionId === id) {
    // The replacement would adopt this very session, and the engine would then delete it.
    throw new Error(
      `Session ${id}: ${outcome.replaces.join(", ")} changed, which replaces the session, but adoptSessionId names this ` +
        "session, so the replacement would adopt the session that is then released. Nothing was changed. Remove " +
        "adoptSessionId to let the replacement start a new session (the resource stays this session until then).",
    );
  }
  outcome.deleteBeforeReplace = startsOnStaleData(old!, news);
  return outcome;
}
