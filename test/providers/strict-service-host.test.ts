/**
 * agb-local in its strict mode, through the real provider host. With an accepted-key set, a
 * refresh (Read) or destroy (Delete) with a key the service refuses fails with an access error and
 * does not report the resource gone, so the engine keeps it in state; the resources stay live. With an
 * image allow-list and label limits, create fails with the service's reason and leaves nothing.
 */
import type { HostDriver } from "../../dist-engine/host-driver";
import { startAgbLocal, STRICT_LABEL_LIMITS } from "../../dist/local";
import { errorOf } from "../support/handler-helpers";
import { useHostAndLocal } from "../support/host-fixture";
import { createContextAndSession, CONTEXT_URN, sessionNews, SESSION_URN } from "../support/host-news";

const GOOD = "akm-access-good-key-4b1e";
const WRONG = "akm-access-wrong-key-77c0";

const fixture = useHostAndLocal({
  startLocal: () =>
    startAgbLocal({ port: 0, timing: { createSyncMs: 30, uploadSyncMs: 30, releaseMs: 30 }, strictness: { apiKeys: [GOOD] } }),
  hostBeforeAll: false,
});

/** A host configured with `key` (closed after the last test). */
function hostWith(key: string): Promise<HostDriver> {
  return fixture.startHost({ apiKey: key });
}

test("refresh and destroy with a refused key fail with an access error and keep the resources", async () => {
  const good = await hostWith(GOOD);
  const { ctx, session } = await createContextAndSession(good);

  const wrong = await hostWith(WRONG);
  for (const [what, call] of [
    ["session read", () => wrong.read(SESSION_URN, session.id, session.properties)],
    ["session delete", () => wrong.delete(SESSION_URN, session.id, session.properties)],
    ["context read", () => wrong.read(CONTEXT_URN, ctx.id, ctx.properties)],
    ["context delete", () => wrong.delete(CONTEXT_URN, ctx.id, ctx.properties)],
  ] as const) {
    const err = await errorOf(call());
    expect([what, err.message]).toEqual([what, expect.stringMatching(/access denied|AccessDenied/i)]);
  }
  // Nothing was released or deleted, and the good key still sees both.
  expect((await fixture.local.control.sessions()).map((s) => [s.sessionId, s.status])).toEqual([[session.id, "RUNNING"]]);
  expect((await fixture.local.control.contexts()).map((c) => c.id)).toEqual([ctx.id]);
  expect((await good.read(SESSION_URN, session.id, session.properties)).id).toBe(session.id);
  await good.delete(SESSION_URN, session.id, session.properties);
  await good.delete(CONTEXT_URN, ctx.id, ctx.properties);
});

test("an image outside the allow-list and a label over the limit fail create with the service's reason, leaving no session", async () => {
  await fixture.local.control.setStrictness({ imageAllowList: ["agb-code-space-1"], labelLimits: { ...STRICT_LABEL_LIMITS } });
  try {
    const good = await hostWith(GOOD);
    const news = async (extra: Record<string, unknown>) =>
      (await good.check(SESSION_URN, {}, sessionNews({ __agbName: "strict", ...extra }))).inputs;
    const image = await errorOf(good.create(SESSION_URN, await news({ imageId: "agb-retired-image" })));
    expect(image.message).toMatch(/InvalidImageId.*agb-retired-image/);
    const label = await errorOf(
      good.create(
        SESSION_URN,
        await news({ imageId: "agb-code-space-1", labels: { note: "x".repeat(STRICT_LABEL_LIMITS.maxValueLength + 1) } }),
      ),
    );
    expect(label.message).toMatch(/labels\.note: label values are at most 256 characters/);
    expect((await fixture.local.control.sessions()).filter((s) => s.status === "RUNNING")).toEqual([]);
  } finally {
    await fixture.local.control.setStrictness({ imageAllowList: null, labelLimits: null });
  }
});
