/**
 * Canonical session inputs -> the createSession request, including the syncs that `browserContext`
 * adds (docs/agb-protocol.md §14; where the SDKs disagree the Python one is followed, since the
 * TypeScript SDK silently drops the extension sync).
 */
import type { CreateSessionRequest, PersistenceData, SyncPolicyWire } from "../../client/types";
import { BROWSER_DATA_PATH, EXTENSIONS_PATH, syncPolicySchema } from "./schema";
import type { SessionInputs } from "./schema";

type ContextSyncInput = Exclude<Extract<SessionInputs["contextSyncs"], unknown[]>[number], string>;
type PolicyInput = ContextSyncInput["policy"];


/** A canonical (defaults filled, no unknowns) policy in its wire form. */
export function policyToWire(policy: PolicyInput): SyncPolicyWire {
  const p = policy as Exclude<PolicyInput, string>;
  const extract = p.extractPolicy as { extract: boolean; deleteSrcFile: boolean; extractCurrentFolder: boolean };
  const wire: SyncPolicyWire = {
    uploadPolicy: p.uploadPolicy as SyncPolicyWire["uploadPolicy"],
    downloadPolicy: p.downloadPolicy as SyncPolicyWire["downloadPolicy"],
    deletePolicy: p.deletePolicy as SyncPolicyWire["deletePolicy"],
    // The SDK property is extractCurrentFolder; the wire key is extractToCurrentFolder (docs/agb-protocol.md §15).
    extractPolicy: { extract: extract.extract, deleteSrcFile: extract.deleteSrcFile, extractToCurrentFolder: extract.extractCurrentFolder },
    recyclePolicy: p.recyclePolicy as SyncPolicyWire["recyclePolicy"],
    bwList: p.bwList as SyncPolicyWire["bwList"],
  };
  if (p.mappingPolicy) wire.mappingPolicy = p.mappingPolicy as { path: string };
  return wire;
}

/** The documented default policy in wire form: the schema's defaults, so they are written once. */
const DEFAULT_POLICY = policyToWire(syncPolicySchema.parse({})) as Required<Omit<SyncPolicyWire, "mappingPolicy">>;

/** Every sync the session gets, in the Python SDK's order: user syncs, extension sync, browser data. */
export function persistenceDataList(inputs: SessionInputs): PersistenceData[] {
  const list: PersistenceData[] = (inputs.contextSyncs as ContextSyncInput[]).map((sync) => {
    return { contextId: sync.contextId as string, path: sync.path as string, policy: policyToWire(sync.policy) };
  });
  const bc = inputs.browserContext as
    | { contextId: string; autoUpload: boolean; extensionOption?: { contextId: string; extensionIds: string[] } }
    | undefined;
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
export function toCreateSessionRequest(inputs: SessionInputs, labels: Record<string, string>): CreateSessionRequest {
  const req: CreateSessionRequest = { imageId: inputs.imageId as string };
  if (Object.keys(labels).length > 0) req.labels = labels;
  const syncs = persistenceDataList(inputs);
  if (syncs.length > 0) req.persistenceDataList = syncs;
  if (inputs.policyId !== undefined) req.policyId = inputs.policyId as string;
  if (inputs.idleTimeoutSeconds !== undefined) req.timeout = inputs.idleTimeoutSeconds as number;
  return req;
}

/** The (contextId, path) pairs whose upload is enabled: what delete must sync before release. */
export function uploadEnabledSyncs(inputs: SessionInputs): Array<{ contextId: string; path: string }> {
  return persistenceDataList(inputs)
    .filter((s) => s.policy.uploadPolicy?.autoUpload !== false)
    .map((s) => ({ contextId: s.contextId, path: s.path }));
}
