/**
 * Every example through the real `pulumi` CLI against agb-local: stack init, the API key as secret
 * config from stdin, up, preview --expect-no-changes, refresh + preview --expect-no-changes, destroy;
 * after each, what agb-local holds (GET /_local/sessions, /_local/contexts) must equal what
 * `pulumi stack export` holds, and the export must carry no API key, encrypted credentials and the
 * short serialized provider. Wall times of up and destroy go to .e2e-cli/cli-timings.json.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { CONTEXT_PROVIDER_TEXT, SESSION_PROVIDER_TEXT } from "../../dist/dynamic/provider-text";
import { EXAMPLES, LIVE, ROOT, local } from "../engine/harness";
import { startCliAgbLocal } from "./cli-agb-local";
import { CliStack, CONTEXT_TYPE, resourcesOf, SESSION_TYPE } from "./cli-stack";
import type { ExportedDeployment } from "./cli-stack";

jest.setTimeout(1_200_000);

const isEncrypted = (v: unknown): boolean => typeof v === "object" && v !== null && "ciphertext" in v;

/** agb-local's live sessions and its contexts must be exactly the stack's. */
async function expectAgbMatches(agb: Awaited<ReturnType<typeof local.startAgbLocal>>, d: ExportedDeployment): Promise<void> {
  const live = (await agb.control.sessions())
    .filter((s) => LIVE.has(s.status))
    .map((s) => s.sessionId)
    .sort();
  const contexts = (await agb.control.contexts()).map((c) => c.id).sort();
  expect(live).toEqual(
    resourcesOf(d, SESSION_TYPE)
      .map((r) => r.id)
      .sort(),
  );
  expect(contexts).toEqual(
    resourcesOf(d, CONTEXT_TYPE)
      .map((r) => r.id)
      .sort(),
  );
}

/** No form of the key in the export; credentials encrypted; `__provider` the short require. */
function expectSafeExport(d: ExportedDeployment, apiKey: string): void {
  const text = JSON.stringify(d);
  expect(text).not.toContain(apiKey);
  expect(text).not.toContain(Buffer.from(apiKey).toString("base64"));
  for (const s of resourcesOf(d, SESSION_TYPE)) {
    expect({ urn: s.urn, resourceUrl: isEncrypted(s.outputs?.resourceUrl), token: isEncrypted(s.outputs?.token) }).toEqual({
      urn: s.urn,
      resourceUrl: true,
      token: true,
    });
    expect(s.inputs?.__provider).toBe(SESSION_PROVIDER_TEXT);
  }
  for (const c of resourcesOf(d, CONTEXT_TYPE)) expect(c.inputs?.__provider).toBe(CONTEXT_PROVIDER_TEXT);
}

function recordTiming(example: string, op: string, ms: number): void {
  mkdirSync(join(ROOT, ".e2e-cli"), { recursive: true });
  appendFileSync(join(ROOT, ".e2e-cli", "cli-timings.jsonl"), JSON.stringify({ example, op, ms, node: process.version }) + "\n");
}

describe("every example through the real pulumi CLI", () => {
  for (const ex of EXAMPLES) {
    test(`${ex.dir}: init, up, preview, refresh, preview, destroy`, async () => {
      const agb = await startCliAgbLocal();
      const apiKey = `akm-cli-${ex.dir}-${Math.random().toString(16).slice(2)}`;
      const s = new CliStack({ programDir: join(ROOT, "examples", ex.dir), stack: ex.stack });
      try {
        await s.init(agb.url, apiKey);
        expect(resourcesOf(await s.exported(), SESSION_TYPE)).toEqual([]);

        let t = Date.now();
        const up = await s.ok("up");
        recordTiming(ex.dir, "up", Date.now() - t);
        expect(up.steps.filter((x) => x.op === "create").length).toBeGreaterThanOrEqual(2);
        const afterUp = await s.exported();
        expect(resourcesOf(afterUp, SESSION_TYPE).length).toBeGreaterThan(0);
        await expectAgbMatches(agb, afterUp);
        expectSafeExport(afterUp, apiKey);

        await s.ok("preview", { expectNoChanges: true });
        await expectAgbMatches(agb, await s.exported());

        await s.ok("refresh");
        const afterRefresh = await s.exported();
        expect(resourcesOf(afterRefresh, SESSION_TYPE).map((r) => r.id)).toEqual(resourcesOf(afterUp, SESSION_TYPE).map((r) => r.id));
        await expectAgbMatches(agb, afterRefresh);
        expectSafeExport(afterRefresh, apiKey);
        await s.ok("preview", { expectNoChanges: true });

        t = Date.now();
        await s.ok("destroy");
        recordTiming(ex.dir, "destroy", Date.now() - t);
        const end = await s.exported();
        expect(resourcesOf(end, SESSION_TYPE)).toEqual([]);
        expect(resourcesOf(end, CONTEXT_TYPE)).toEqual([]);
        await expectAgbMatches(agb, end);
        expect(await agb.control.contexts()).toEqual([]);
        expect(s.cli.printed.join("\n")).not.toContain(apiKey);
      } finally {
        await s.close();
        await agb.close();
      }
    });
  }
});
