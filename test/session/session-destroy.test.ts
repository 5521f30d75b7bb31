/**
 * Issue 9 items 3 and 8, handlers against agb-local over real HTTP: destroy uploads exactly the
 * mounts the user marked for upload, and a session that never became RUNNING can be destroyed.
 */
import {
  contextInputs,
  contextProvider as cp,
  errorOf,
  putExtension,
  sessionInputs,
  sessionProvider as sp,
  useHandlerLocal,
  withProvider,
} from "../support/handler-helpers";

const local = useHandlerLocal({ createSyncMs: 30, uploadSyncMs: 30, releaseMs: 30 });
const EXTENSION = `ext_${"a1".repeat(16)}.zip`;

async function newContext(name: string): Promise<string> {
  return (await cp.create(await contextInputs({ name }))).id;
}

/** The (context, mount) pairs agb-local made upload tasks for, for one session. */
async function uploadsOf(sessionId: string): Promise<string[]> {
  const s = (await local.control.sessions()).find((x) => x.sessionId === sessionId);
  return (s?.uploads ?? []).map((u) => `${u.contextId}:${u.path}`).sort();
}

describe("destroy uploads exactly what the user marked for upload", () => {
  let marked: string, unmarked: string, browser: string, extensions: string;
  beforeEach(async () => {
    [marked, unmarked, browser, extensions] = await Promise.all(["marked", "unmarked", "browser", "extensions"].map(newContext));
    await putExtension(local.url, extensions, EXTENSION);
  });
  /** A mount marked for upload (context `marked` at /home/up) and one that is not (`unmarked` at /home/keep). */
  const markedAndUnmarked = () => [
    { contextId: marked, path: "/home/up" },
    { contextId: unmarked, path: "/home/keep", policy: { uploadPolicy: { autoUpload: false } } },
  ];

  test("autoUpload off, browser data with autoUpload false and the extension mount are not uploaded", async () => {
    const inputs = await sessionInputs({
      imageId: "agb-browser-use-1",
      contextSyncs: markedAndUnmarked(),
      browserContext: { contextId: browser, autoUpload: false, extensionOption: { contextId: extensions, extensionIds: [EXTENSION] } },
    });
    const { id, outs } = await sp.create(inputs);
    await sp.delete(id, withProvider(outs, inputs));
    const counters = await local.control.counters();
    expect({ uploads: await uploadsOf(id), released: counters.sessionsReleased, unsynced: counters.releasesWithUnsyncedData }).toEqual({
      uploads: [`${marked}:/home/up`],
      released: 1,
      unsynced: 0,
    });
  });

  test("browser data with autoUpload true is uploaded; the extension mount never is", async () => {
    const inputs = await sessionInputs({
      imageId: "agb-browser-use-1",
      contextSyncs: [{ contextId: marked, path: "/home/up" }],
      browserContext: { contextId: browser, autoUpload: true, extensionOption: { contextId: extensions, extensionIds: [EXTENSION] } },
    });
    const { id, outs } = await sp.create(inputs);
    await sp.delete(id, withProvider(outs, inputs));
    expect(await uploadsOf(id)).toEqual([`${browser}:/tmp/agb_browser_data`, `${marked}:/home/up`].sort());
  });

  test("a mount whose initial download failed is not uploaded over its context on destroy; the others are", async () => {
    await local.control.setTiming({ syncOutcome: "Failed" });
    const inputs = await sessionInputs({ imageId: "img", contextSyncs: [{ contextId: marked, path: "/home/up" }] });
    const err = await errorOf(sp.create(inputs)); // created, RUNNING, its download failed: recorded with ready false
    expect(err.id).toBeTruthy();
    await local.control.setTiming({ syncOutcome: "Success" });
    await sp.delete(err.id as string, err.properties as Record<string, unknown>);
    const counters = await local.control.counters();
    expect({ uploads: await uploadsOf(err.id as string), released: counters.sessionsReleased }).toEqual({ uploads: [], released: 1 });
  });

  test("a failed upload of one marked mount stops the release and names the mount", async () => {
    const inputs = await sessionInputs({
      imageId: "img",
      contextSyncs: markedAndUnmarked(),
    });
    const { id, outs } = await sp.create(inputs);
    await local.control.setTiming({ syncOutcome: "Failed" });
    const err = await errorOf(sp.delete(id, withProvider(outs, inputs)));
    expect(err.message).toContain(`context ${marked} at /home/up`);
    expect(err.message).not.toContain("/home/keep");
    expect({
      status: (await local.control.sessions()).find((s) => s.sessionId === id)?.status,
      released: (await local.control.counters()).sessionsReleased,
    }).toEqual({
      status: "RUNNING",
      released: 0,
    });
    // Once uploads work again the same destroy succeeds (the latest task per mount counts).
    await local.control.setTiming({ syncOutcome: "Success" });
    await sp.delete(id, withProvider(outs, inputs));
    expect((await local.control.counters()).sessionsReleased).toBe(1);
  });
});

test("a session that does not become RUNNING before timeouts.create is released by the create itself: no id, nothing recorded", async () => {
  const contextId = await newContext("never-ran");
  await local.control.setTiming({ createPendingMs: -1 }); // stays PENDING for ever
  const before = await local.control.counters();
  const inputs = await sessionInputs({ imageId: "img", contextSyncs: [{ contextId, path: "/home/p" }], timeouts: { create: 0.5 } });
  const err = await errorOf(sp.create(inputs));
  const after = await local.control.counters();
  expect({
    id: err.id,
    released: after.sessionsReleased - before.sessionsReleased,
    syncs: (after.requests.SyncContext ?? 0) - (before.requests.SyncContext ?? 0),
  }).toEqual({
    id: undefined,
    released: 1,
    syncs: 0,
  });
  expect(err.message).toMatch(/did not become RUNNING \(timeouts\.create: 0\.5 s\).*released/);
});

test("a PENDING session in state (its create could release it neither) is released with the default syncOnDelete, without an upload", async () => {
  const contextId = await newContext("pending");
  await local.control.setTiming({ createPendingMs: -1 }); // stays PENDING for ever
  await local.control.injectFault({ operation: "releaseSessionAsync", mode: "error", httpStatus: 400, code: "Refused", count: 1 });
  const inputs = await sessionInputs({ imageId: "img", contextSyncs: [{ contextId, path: "/home/p" }], timeouts: { create: 0.5 } });
  const err = await errorOf(sp.create(inputs));
  expect(err.id).toBeTruthy();
  const props = err.properties as Record<string, unknown>;
  expect(props.syncOnDelete).toBe(true);

  await sp.delete(err.id as string, props);
  const counters = await local.control.counters();
  expect({
    status: (await local.control.sessions()).find((s) => s.sessionId === err.id)?.status,
    released: counters.sessionsReleased,
    syncContextCalls: counters.requests.SyncContext ?? 0,
  }).toEqual({ status: "FINISH", released: 1, syncContextCalls: 0 });
});
