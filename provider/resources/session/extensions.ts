/**
 * Before createSession: every extension id of `browserContext.extensionOption` must be a file in the
 * extension context's `/tmp/extensions` (the ids "should correspond to a valid extension in the
 * context": agbcloud-sdk python/agb/extension.py, ExtensionOption; the SDK lists them with
 * DescribeContextFiles under that folder). A missing one fails the create, naming it, before
 * anything is created.
 */
import type { AgbApi } from "../../client/types";
import { listFolderFileNames } from "../shared/context-file-transfer";
import { isNotFound } from "../shared/errors";
import { EXTENSIONS_PATH } from "../shared/mount-paths";
import type { KnownSessionInputs } from "./schema";

/** The folder the extension sync mounts, as listings name it (no trailing slash). */
const EXTENSIONS_FOLDER = EXTENSIONS_PATH.replace(/\/$/, "");

/**
 * How long missing ids are looked for again before the create fails: AGB's listing may lag an
 * upload by a few seconds (docs/agb-protocol.md §13), and the extension may have been uploaded just before.
 */
export const EXTENSION_LISTING_GRACE_MS = 10_000;
const RELIST_INTERVAL_MS = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Throws, naming the missing ids (or the missing context), unless every extension id is present. */
export async function assertExtensionsPresent(api: AgbApi, inputs: KnownSessionInputs, deadline: number): Promise<void> {
  const option = inputs.browserContext?.extensionOption;
  if (!option) return;
  const giveUpAt = Math.min(deadline, Date.now() + EXTENSION_LISTING_GRACE_MS);
  for (;;) {
    let present: Set<string>;
    try {
      present = await listFolderFileNames(api, option.contextId, EXTENSIONS_FOLDER);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      throw new Error(
        `browserContext.extensionOption.contextId: context ${option.contextId} does not exist on ${api.endpoint}; no session was created.`,
      );
    }
    const missing = option.extensionIds.filter((id) => !present.has(id));
    if (missing.length === 0) return;
    if (Date.now() + RELIST_INTERVAL_MS > giveUpAt) {
      throw new Error(
        `browserContext.extensionOption.extensionIds: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not in ` +
          `${EXTENSIONS_FOLDER}/ of context ${option.contextId}; no session was created. Upload the extension with ` +
          "agb.BrowserExtension and use its extensionId.",
      );
    }
    await sleep(RELIST_INTERVAL_MS);
  }
}
