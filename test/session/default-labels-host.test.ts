/**
 * `agb:defaultLabels` is validated like `labels` (issue 9 item 12), through the real host: the stack
 * config arrives by Configure (the host hands it to the provider module's `configure` before the
 * first call), and a bad value is a Check failure naming the setting, in preview too, before any
 * request reaches AGB.
 */
import type { HostDriver } from "../../dist-engine/host-driver";
import { useHostAndLocal } from "../support/host-fixture";
import { sessionNews, SESSION_URN as URN } from "../support/host-news";

const KEY = "akm-host-default-labels-0b9c44";
const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const fixture = useHostAndLocal({ apiKey: KEY, hostBeforeAll: false });

/** A fresh host configured with `defaultLabels` (the host configures a provider module once). */
function hostWith(defaultLabels: string): Promise<HostDriver> {
  return fixture.startHost({ config: { "agb:defaultLabels": defaultLabels } });
}

const news = (extra: Record<string, unknown>) => sessionNews({ imageId: "img", ...extra });

const bad: Array<[string, string, RegExp]> = [
  ["a key with the managed prefix", '{"team":"ml","pulumi-agb-token":"x"}', /key "pulumi-agb-token": .*managed by the provider/],
  ["an empty key", '{"":"x"}', /key "": label keys must not be empty/],
  ["a non-string value", '{"cost":7}', /key "cost": label values must be strings/],
  ["an empty value", '{"team":" "}', /key "team": label values must not be empty/],
  ["not a map", '["team"]', /must be a JSON map of strings/],
  ["not JSON", "{team: ml}", /not valid JSON/],
];

test.each(bad)("%s is a check failure naming agb:defaultLabels, in up and preview, with no API call", async (_what, value, reason) => {
  const host = await hostWith(value);
  try {
    const before = (await fixture.local.control.logs()).length;
    for (const inputs of [news({ labels: { team: "ml" } }), news({}), news({ labels: U })]) {
      const r = await host.check(URN, {}, inputs);
      expect(r.failures.map((f) => f.property)).toEqual(["agb:defaultLabels"]);
      expect(r.failures[0].reason).toMatch(reason);
      expect(r.failures[0].reason).toMatch(/pulumi config set agb:defaultLabels/);
    }
    // Failures of the resource's own inputs are reported beside it.
    const both = await host.check(URN, {}, news({ imageId: "" }));
    expect(both.failures.map((f) => f.property).sort()).toEqual(["agb:defaultLabels", "imageId"]);
    expect((await fixture.local.control.logs()).length).toBe(before);
  } finally {
    await host.close();
  }
});

test("a valid value is merged under the resource's labels", async () => {
  const host = await hostWith('{"team":"default","owner":"ops"}');
  try {
    const r = await host.check(URN, {}, news({ labels: { team: "ml" } }));
    expect(r.failures).toEqual([]);
    expect(r.inputs.labels).toEqual({ owner: "ops", team: "ml" });
  } finally {
    await host.close();
  }
});
