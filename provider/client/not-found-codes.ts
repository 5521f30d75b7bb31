/**
 * Which failed answers mean "the object this operation is about does not exist", per operation.
 *
 * Why per operation: the subject differs. A SyncContext or GetContextInfo is about a session, so a
 * missing context there must not read as "the session is gone" (a delete would then skip the
 * release and leak the session). Why codes only: a message is no evidence; the service answers a
 * wrong API key with `InvalidApiKey.NotFound` "The specified API key is not found", and a message
 * test would turn that into "every resource is gone" (access errors are classified before this).
 *
 * Sources (agbcloud/agbcloud-sdk 0.12.0, docs/agb-protocol.md §4): `InvalidMcpSession.NotFound` (session
 * calls; TS `session.ts` delete polling, PY `session.py`), `InvalidSession.NotFound` (the `/mcp`
 * tool-call wrapper, PY `api/base_service.py`), `NotFound` (TS getSession mock),
 * `InvalidContext.NotFound` and `InvalidFile.NotFound` (agb-local's codes for a missing context or
 * file, docs/agb-protocol.md §17).
 */

const SESSION_CODES = ["InvalidMcpSession.NotFound", "InvalidSession.NotFound", "NotFound"];
const CONTEXT_CODES = ["InvalidContext.NotFound", "NotFound"];
const FILE_CODES = ["InvalidContext.NotFound", "InvalidFile.NotFound", "NotFound"];

/** Client operation -> the codes meaning its object is missing. An operation with none lists []. */
const BY_OPERATION: Record<string, readonly string[]> = {
  getSession: SESSION_CODES,
  getSessionInfo: SESSION_CODES,
  releaseSessionAsync: SESSION_CODES,
  refreshSessionIdleTime: SESSION_CODES,
  setLabels: SESSION_CODES,
  getLabels: SESSION_CODES,
  syncContext: SESSION_CODES,
  getContextInfo: SESSION_CODES,
  getContext: CONTEXT_CODES,
  modifyContext: CONTEXT_CODES,
  deleteContext: CONTEXT_CODES,
  clearContext: CONTEXT_CODES,
  describeContextFiles: CONTEXT_CODES,
  getContextFileUploadUrl: CONTEXT_CODES,
  getContextFileDownloadUrl: FILE_CODES,
  deleteContextFile: FILE_CODES,
  // Nothing to be missing: a "not found" here is some other failure.
  createSession: [],
  listSessions: [],
  listContexts: [],
};

/** Every object-missing code, for an operation not in the table. */
const ANY_OBJECT_CODES = [...new Set([...SESSION_CODES, ...CONTEXT_CODES, ...FILE_CODES])];

/** True when `code` (case-insensitive) means the object of `operation` does not exist. */
export function isObjectMissingCode(operation: string | undefined, code: string): boolean {
  const codes = (operation !== undefined && BY_OPERATION[operation]) || ANY_OBJECT_CODES;
  const wanted = code.toLowerCase();
  return codes.some((c) => c.toLowerCase() === wanted);
}

/**
 * The 400 branch of the official SDKs' rule for getSessionInfo while waiting for a release (TS
 * `session.ts`, PY `session.py`): a 400 whose message or code says "not found". Applied only to
 * that operation, after access errors were ruled out. The SDKs' last branch (any message with
 * "not found", at any status) is not taken: it is the one that reads a key error as "deleted".
 */
export function sdkReleasePollSaysGone(httpStatus: number, code: string, message: string): boolean {
  return httpStatus === 400 && (/not found/i.test(message) || message.includes("NotFound") || /not found/i.test(code));
}
