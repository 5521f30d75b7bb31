/**
 * What the Node provider server (`@pulumi/pulumi/provider`, provider/server.js) does not pass to the
 * plugin, measured under the real CLI (docs/plugin.md, "Honest gaps"): `customTimeouts` never reach
 * create (its CreateRequest `timeout` is not read), so the Session's own `timeouts` stay the way;
 * a preview reaches check and diff (a bad input fails the preview) but never create.
 */
import { join } from "node:path";
import { ROOT } from "../engine/harness";
import { useCliAgbLocal } from "./cli-agb-local";
import { expectCreateBoundByOwnTimeouts, withStack } from "./cli-steps";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "plugin");
const agb = useCliAgbLocal({ timingEachTest: true });

test("plugin form: customTimeouts do not bound a Session's create; its timeouts.create does", async () => {
  const key = "akm-cli-plugin-timeouts";
  await withStack(
    agb,
    { programDir: PROGRAM, key, config: { "plugin:customCreateTimeout": "2s", "plugin:createTimeout": "20" } },
    async (s) => {
      // Sessions stay PENDING (never ready): only a deadline ends the create, and it is timeouts.create's.
      await expectCreateBoundByOwnTimeouts(agb, s);
      await s.ok("destroy");
    },
  );
});

test("plugin form: a preview runs the plugin's check (a bad input fails it) and never its create (no session is made)", async () => {
  const key = "akm-cli-plugin-preview";
  await withStack(agb, { programDir: PROGRAM, key, config: { "plugin:imageId": " " } }, async (s) => {
    const bad = await s.run("preview");
    expect(bad.ok).toBe(false);
    expect(bad.printed).toContain("imageId must not be empty");
    await s.configure(agb.url, key, {});
    await s.ok("preview");
    expect(await agb.control.sessions()).toEqual([]);
    expect(await agb.control.contexts()).toEqual([]);
  });
});
