/**
 * Several `up`s of one inline program in one Automation API process, for contexts, context files and
 * extension files (docs/ownership-objects.md, the Automation API row), under the real CLI and
 * agb-local: the first `up` reports a leftover context of its Context's name, the second `up`
 * (nothing to create) reports nothing again and sends no AGB call that writes, and both see the
 * same ids.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../engine/harness";
import { useCliAgbLocal } from "./cli-agb-local";
import { CliStack } from "./cli-stack";
import { jsonLine, runNodeScript } from "./node-script";

jest.setTimeout(1_200_000);

const agb = useCliAgbLocal();
/** The AGB operations (agb-local's names) that change something or prepare a change; the rest only read. */
const WRITES = new Set([
  "createSession",
  "releaseSession",
  "releaseSessionAsync",
  "refreshSessionIdleTime",
  "SetLabel",
  "GetContextFileUploadUrl",
  "FileUpload",
  "DeleteContextFile",
  "ModifyContext",
  "ClearContext",
  "DeleteContext",
  "SyncContext",
]);

test("two ups of one inline program with a Context, a ContextFile and a BrowserExtension in one Automation API process: the leftover is reported by the first only; the second writes nothing", async () => {
  const s = new CliStack({ programDir: join(ROOT, "test", "cli", "programs", "paths") });
  try {
    const script = join(s.workDir, "run-twice-objects.js");
    copyFileSync(join(ROOT, "test", "cli", "programs", "automation-twice", "run-twice-objects.js"), script);
    const out = await runNodeScript(script, s.workDir, { ...s.env, AGB_API_KEY: "akm-auto-objects", AGB_ENDPOINT: agb.url });
    expect({ code: out.code }).toEqual({ code: 0 });
    const r = jsonLine<{
      leftoverId: string;
      firstReported: boolean;
      secondReported: boolean;
      sentInSecondUp: Record<string, number>;
      sameIds: boolean;
    }>(out.text, '{"leftoverId"');
    const writes = Object.keys(r.sentInSecondUp).filter((op) => WRITES.has(op));
    expect({ firstReported: r.firstReported, secondReported: r.secondReported, writes, sameIds: r.sameIds }).toEqual({
      firstReported: true,
      secondReported: false,
      writes: [],
      sameIds: true,
    });
    // Destroyed; the leftover (younger than two hours) was reported, not deleted.
    expect((await agb.control.contexts()).map((c) => c.id)).toEqual([r.leftoverId]);
  } finally {
    await s.close();
  }
});
