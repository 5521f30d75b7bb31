/**
 * What the Node provider server (`@pulumi/pulumi/provider`, provider/server.js) does not pass to the
 * plugin, measured under the real CLI (docs/plugin.md, "Honest gaps"): `customTimeouts` never reach
 * create (its CreateRequest `timeout` is not read), so the Session's own `timeouts` stay the way;
 * a preview reaches check and diff (a bad input fails the preview) but never create.
 */
import { join } from "node:path";
import { ROOT } from "../e2e/harness";
import { useCliAgbLocal } from "./cli-agb-local";
import { CliStack } from "./cli-stack";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "plugin");
const agb = useCliAgbLocal({ timingEachTest: true });

test("plugin form: customTimeouts do not bound a Session's create; its timeouts.create does", async () => {
  const key = "akm-cli-plugin-timeouts";
  const s = new CliStack({ programDir: PROGRAM });
  try {
    await s.init(agb.url, key, { "plugin:customCreateTimeout": "2s", "plugin:createTimeout": "20" });
    // Sessions stay PENDING (never ready): only a deadline ends the create.
    await agb.control.setTiming({ createPendingMs: -1 });
    const r = await s.run("up");
    expect(r.ok).toBe(false);
    // The deadline that fired is timeouts.create's 20 s (less the time before the wait), not customTimeouts' 2 s.
    const fired = /timeout (\d+) ms/.exec(r.printed);
    expect(fired).not.toBeNull();
    expect(Number(fired![1])).toBeGreaterThan(10_000);
    await agb.control.setTiming({ createPendingMs: 0 });
    await s.ok("destroy");
  } finally {
    await s.close();
  }
});

test("plugin form: a preview runs the plugin's check (a bad input fails it) and never its create (no session is made)", async () => {
  const key = "akm-cli-plugin-preview";
  const s = new CliStack({ programDir: PROGRAM });
  try {
    await s.init(agb.url, key, { "plugin:imageId": " " });
    const bad = await s.run("preview");
    expect(bad.ok).toBe(false);
    expect(bad.printed).toContain("imageId must not be empty");
    await s.configure(agb.url, key, {});
    await s.ok("preview");
    expect(await agb.control.sessions()).toEqual([]);
    expect(await agb.control.contexts()).toEqual([]);
  } finally {
    await s.close();
  }
});
