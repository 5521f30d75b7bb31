/**
 * Two `up`s of one inline program in one process (the Automation API), with the session's labels
 * changed out of band between them, then a `preview --refresh`. Prints one JSON line with what the
 * CLI test checks. Run in a prepared program folder, with the CliStack environment and
 * AGB_API_KEY / AGB_ENDPOINT set.
 */
const { LocalWorkspace } = require("@pulumi/pulumi/automation");
const agb = require("pulumi-agb");
const { AgbClient } = require("pulumi-agb/client");

async function setLabelCount(endpoint) {
  const res = await fetch(`${endpoint}/_local/counters`);
  return (await res.json()).requests.SetLabel ?? 0;
}

async function main() {
  const apiKey = process.env.AGB_API_KEY;
  const endpoint = process.env.AGB_ENDPOINT;
  const program = async () => {
    const session = new agb.Session("one", { imageId: "agb-code-space-1", labels: { team: "a" } });
    return { id: session.sessionId };
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: "automation-twice", stackName: "dev", program },
    {
      workDir: process.cwd(),
      projectSettings: { name: "automation-twice", runtime: "nodejs", backend: { url: process.env.PULUMI_BACKEND_URL } },
    },
  );
  await stack.setConfig("agb:apiKey", { value: apiKey, secret: true });
  await stack.setConfig("agb:endpoint", { value: endpoint });
  const first = await stack.up();
  const id = first.outputs.id.value;
  const api = new AgbClient({ apiKey, endpoint });
  await api.setLabels(id, { ...(await api.getLabels(id)), team: "changed-out-of-band" });
  const before = await setLabelCount(endpoint);
  const second = await stack.up();
  const setLabelsInSecondUp = (await setLabelCount(endpoint)) - before;
  const team = (await api.getLabels(id)).team;
  const preview = await stack.preview({ refresh: true });
  await stack.destroy();
  console.log(
    JSON.stringify({ id, secondId: second.outputs.id.value, setLabelsInSecondUp, team, previewUpdates: preview.changeSummary.update ?? 0 }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
