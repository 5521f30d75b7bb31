/**
 * Two `up`s of one inline program in one process (the Automation API) that makes a Context, a
 * ContextFile and a BrowserExtension, with a leftover `<name>~pulumi-<hex>` context of the same name
 * made before the first `up` (as a create cut short leaves it). Prints one JSON line: whether each
 * `up` printed the leftover's id, the AGB operations the second `up` sent, and both runs' ids. Run in
 * a prepared program folder, with the CliStack environment and AGB_API_KEY / AGB_ENDPOINT set.
 */
const { writeFileSync } = require("node:fs");
const { LocalWorkspace } = require("@pulumi/pulumi/automation");
const agb = require("pulumi-agb");
const { AgbClient } = require("pulumi-agb/client");

const NAME = "automation-objects-work";

async function requestCounts(endpoint) {
  const res = await fetch(`${endpoint}/_local/counters`);
  return (await res.json()).requests;
}

/** The operations sent between two counter snapshots, by name. */
function sentBetween(before, after) {
  const sent = {};
  for (const [op, n] of Object.entries(after)) if (n - (before[op] ?? 0) > 0) sent[op] = n - (before[op] ?? 0);
  return sent;
}

async function upPrinting(stack) {
  let text = "";
  const result = await stack.up({ onOutput: (line) => (text += line) });
  return { text, outputs: result.outputs };
}

async function main() {
  const apiKey = process.env.AGB_API_KEY;
  const endpoint = process.env.AGB_ENDPOINT;
  writeFileSync("ext.zip", "PK\u0003\u0004 an extension zip");
  const program = async () => {
    const work = new agb.Context("work", { name: NAME });
    const file = new agb.ContextFile("seed", { contextId: work.contextId, path: "/data/seed.txt", content: "seed" });
    const ext = new agb.BrowserExtension("ext", { contextId: work.contextId, source: `${process.cwd()}/ext.zip` });
    return { contextId: work.contextId, fileId: file.id, extensionId: ext.id };
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: "automation-objects", stackName: "dev", program },
    {
      workDir: process.cwd(),
      projectSettings: { name: "automation-objects", runtime: "nodejs", backend: { url: process.env.PULUMI_BACKEND_URL } },
    },
  );
  await stack.setConfig("agb:apiKey", { value: apiKey, secret: true });
  await stack.setConfig("agb:endpoint", { value: endpoint });
  const api = new AgbClient({ apiKey, endpoint });
  const leftover = await api.getContext({ name: `${NAME}~pulumi-0123456789abcdef`, allowCreate: true });

  const first = await upPrinting(stack);
  const before = await requestCounts(endpoint);
  const second = await upPrinting(stack);
  const sentInSecondUp = sentBetween(before, await requestCounts(endpoint));
  await stack.destroy();
  const ids = (r) => [r.outputs.contextId.value, r.outputs.fileId.value, r.outputs.extensionId.value];
  console.log(
    JSON.stringify({
      leftoverId: leftover.id,
      firstReported: first.text.includes(leftover.id),
      secondReported: second.text.includes(leftover.id),
      sentInSecondUp,
      sameIds: JSON.stringify(ids(first)) === JSON.stringify(ids(second)),
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
