/**
 * examples/yaml-quickstart under the real CLI and Pulumi's own YAML language host (built by
 * setup:pulumi), with the provider plugin from node_modules/pulumi-agb/bin as its Pulumi.yaml names
 * it: the shared lifecycle (package-quickstart.ts), and `pulumi import`, which also prints the YAML
 * to paste into the program.
 */
import { useCliAgbLocal } from "./cli-agb-local";
import { importOutside, lifecycle } from "./package-quickstart";

jest.setTimeout(1_200_000);

const agb = useCliAgbLocal();
const YAML = { example: "yaml-quickstart", project: "agb-yaml-quickstart" };

test("up, label update, drift through refresh, replace, destroy", async () => {
  await lifecycle(agb, YAML);
});

test("pulumi import of a Session and a Context made outside Pulumi prints their YAML", async () => {
  const r = await importOutside(agb, YAML);
  console.log(`pulumi import printed:\n${r.printed.join("\n----\n")}`);
  expect(r.printed[0]).toMatch(/imported:\n\s+type: agb:Session\n\s+properties:\n/);
  expect(r.printed[0]).toMatch(/labels:\n\s+owner: outside/);
  expect(r.printed[1]).toMatch(/importedContext:\n\s+type: agb:Context\n\s+properties:\n(\s+\w+: .*\n)*\s+name: made-outside\n/);
});
