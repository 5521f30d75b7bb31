/**
 * examples/python-quickstart under the real CLI: its __main__.py run by `pulumi up` through the
 * project's Python language host (scripts/pulumi-cli/python-langhost, beside the CLI) with the
 * generated `pulumi_agb` SDK installed from its wheel (scripts/python-sdk.js), the provider plugin
 * from node_modules/pulumi-agb/bin as its Pulumi.yaml names it: the shared lifecycle
 * (package-quickstart.ts), and `pulumi import` (our host generates no code: --generate-code=false).
 */
import { useCliAgbLocal } from "./cli-agb-local";
import { importOutside, lifecycle } from "./package-quickstart";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensurePythonSdk } = require("../../scripts/python-sdk") as { ensurePythonSdk: () => string };

jest.setTimeout(1_200_000);

const agb = useCliAgbLocal();
let python: string;
beforeAll(() => {
  python = ensurePythonSdk();
}, 1_200_000);
const opts = () => ({ example: "python-quickstart", project: "agb-python-quickstart", env: { PULUMI_PYTHON_CMD: python } });

test("up, label update, drift through refresh, replace, destroy", async () => {
  await lifecycle(agb, opts());
});

test("pulumi import of a Session and a Context made outside Pulumi", async () => {
  const r = await importOutside(agb, opts(), ["--generate-code=false"]);
  expect(r.printed.join("\n")).toMatch(/1 imported/);
});
