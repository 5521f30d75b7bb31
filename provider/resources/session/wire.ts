/**
 * Canonical session inputs -> the createSession request, including the syncs that `browserContext`
 * adds (docs/agb-protocol.md §14; where the SDKs disagree the Python one is followed, since the
 * TypeScript SDK silently drops the extension sync).
 */
import type { CreateSessionRequest, PersistenceData, SyncPolicyWire } from "../../client/types";
import { syncPolicySchema } from "./schema";
import { BROWSER_DATA_PATH, EXTENSIONS_PATH } from "../shared/mount-paths";
import type { KnownSessionInputs } from "./schema";
import { known } from "../shared/parse-inputs";
import type { Known } from "../shared/parse-inputs";

type PolicyInput = KnownSessionInputs["contextSyncs"][number]["policy"];

/** A canonical (defaults filled, no unknowns) policy in its wire form. */
export function policyToWire(p: PolicyInput): SyncPolicyWire {
  const extract = p.extractPolicy;
  const wire: SyncPolicyWire = {
    uploadPolicy: p.uploadPolicy,
    downloadPolicy: p.downloadPolicy,
    deletePolicy: p.deletePolicy,
    // The SDK property is extractCurrentFolder; the wire key is extractToCurrentFolder (docs/agb-protocol.md §15).
    extractPolicy: { extract: extract.extract, deleteSrcFile: extract.deleteSrcFile, extractToCurrentFolder: extract.extractCurrentFolder },
    recyclePolicy: p.recyclePolicy,
    bwList: p.bwList,
  };
  if (p.mappingPolicy) wire.mappingPolicy = p.mappingPolicy;
  return wire;
}

/** The documented default policy in wire form: the schema's defaults, so they are written once. */
const DEFAULT_POLICY = policyToWire(known(syncPolicySchema.parse({}), "the default sync policy")) as Required<
  Omit<SyncPolicyWire, "mappingPolicy">
>;

/** Every sync the session gets, in the Python SDK's order: user syncs, extension sync, browser data. */
export function persistenceDataList(inputs: KnownSessionInputs): PersistenceData[] {
  const list: PersistenceData[] = inputs.contextSyncs.map((sync) => {
    return { contextId: sync.contextId, path: sync.path, policy: policyToWire(sync.policy) };
  });
  const bc = inputs.browserContext;
  if (bc?.extensionOption) {
    list.push({
      contextId: bc.extensionOption.contextId,
      path: EXTENSIONS_PATH,
      policy: {
        ...DEFAULT_POLICY,
        uploadPolicy: { ...DEFAULT_POLICY.uploadPolicy, autoUpload: false },
        deletePolicy: { syncLocalFile: false },
        extractPolicy: { extract: true, deleteSrcFile: true, extractToCurrentFolder: false },
        bwList: { whiteLists: bc.extensionOption.extensionIds.map((id) => ({ path: id, excludePaths: [] })) },
      },
    });
  }
  if (bc) {
    list.push({
      contextId: bc.contextId,
      path: BROWSER_DATA_PATH,
      policy: {
        ...DEFAULT_POLICY,
        uploadPolicy: { autoUpload: bc.autoUpload, uploadStrategy: "UploadBeforeResourceRelease", uploadMode: "File" },
        recyclePolicy: { lifecycle: "Lifecycle_Forever", paths: [""] },
        bwList: {
          whiteLists: ["/Local State", "/Default/Cookies", "/Default/Cookies-journal"].map((path) => ({ path, excludePaths: [] })),
        },
      },
    });
  }
  return list;
}

/** The exact createSession request for canonical inputs plus the full label set (user + managed). */
export function toCreateSessionRequest(inputs: KnownSessionInputs, labels: Record<string, string>): CreateSessionRequest {
  const req: CreateSessionRequest = { imageId: inputs.imageId };
  if (Object.keys(labels).length > 0) req.labels = labels;
  const syncs = persistenceDataList(inputs);
  if (syncs.length > 0) req.persistenceDataList = syncs;
  if (inputs.policyId !== undefined) req.policyId = inputs.policyId;
  if (inputs.idleTimeoutSeconds !== undefined) req.timeout = inputs.idleTimeoutSeconds;
  return req;
}

/** The (contextId, path) pairs whose upload is enabled: what delete must sync before release. */
export function uploadEnabledSyncs(inputs: KnownSessionInputs): Array<{ contextId: string; path: string }> {
  return persistenceDataList(inputs)
    .filter((s) => s.policy.uploadPolicy?.autoUpload !== false)
    .map((s) => ({ contextId: s.contextId, path: s.path }));
}
