/**
 * Many environments, one program: the Automation API (@pulumi/pulumi/automation) brings one stack
 * per tenant of the same inline program up (or down) in parallel, on Pulumi's own engine.
 *
 *   npx ts-node index.ts up   alpha beta gamma     # or: destroy alpha beta gamma
 *
 * Needs the `pulumi` CLI on the PATH. Environment: AGB_API_KEY (required), AGB_ENDPOINT (e.g. agb-local's
 * URL), PULUMI_BACKEND_URL (default: file://<this folder>/.fleet-state), PULUMI_CONFIG_PASSPHRASE
 * (default "fleet"), FLEET_PARALLEL (stacks at once, default 4).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import * as agb from "pulumi-agb";

/** The program every tenant stack runs: a context for the tenant's data and an agent session syncing it. */
async function tenantProgram(): Promise<Record<string, unknown>> {
  const tenant = pulumi.getStack();
  const data = new agb.Context("data", { name: `fleet-${tenant}-data` });
  const agent = new agb.Session("agent", {
    imageId: "agb-code-space-1",
    labels: { tenant, fleet: "agb-fleet" },
    contextSyncs: [{ contextId: data.id, path: "/home/wuying/data" }],
  });
  return { contextId: data.contextId, sessionId: agent.sessionId };
}

export interface TenantResult {
  tenant: string;
  ok: boolean;
  /** The engine's summary ({ create: 3, ... }) or the error. */
  detail: string;
  outputs: Record<string, unknown>;
}

/** Runs `op` on every tenant's stack, at most `parallel` at once; never throws for one tenant's failure. */
export async function runFleet(op: "up" | "destroy", tenants: string[], parallel = 4): Promise<TenantResult[]> {
  const apiKey = process.env.AGB_API_KEY;
  if (!apiKey) throw new Error("AGB_API_KEY is not set: the fleet needs the AGB API key");
  const backend = process.env.PULUMI_BACKEND_URL ?? `file://${join(__dirname, ".fleet-state")}`;
  if (backend.startsWith("file://")) mkdirSync(backend.slice("file://".length), { recursive: true });
  const envVars = { PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "fleet" };

  const one = async (tenant: string): Promise<TenantResult> => {
    try {
      const stack = await LocalWorkspace.createOrSelectStack(
        { projectName: "agb-fleet", stackName: tenant, program: tenantProgram },
        { workDir: __dirname, envVars, projectSettings: { name: "agb-fleet", runtime: "nodejs", backend: { url: backend } } },
      );
      await stack.setConfig("agb:apiKey", { value: apiKey, secret: true });
      if (process.env.AGB_ENDPOINT) await stack.setConfig("agb:endpoint", { value: process.env.AGB_ENDPOINT });
      if (op === "up") {
        const r = await stack.up();
        const outputs = Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, v.secret ? "[secret]" : v.value]));
        return { tenant, ok: true, detail: JSON.stringify(r.summary.resourceChanges ?? {}), outputs };
      }
      const r = await stack.destroy();
      return { tenant, ok: true, detail: JSON.stringify(r.summary.resourceChanges ?? {}), outputs: {} };
    } catch (e) {
      return { tenant, ok: false, detail: (e as Error).message, outputs: {} };
    }
  };

  // A fixed pool of workers: each takes the next tenant until none is left.
  const results: TenantResult[] = [];
  const queue = [...tenants];
  const workers = Array.from({ length: Math.max(1, Math.min(parallel, tenants.length)) }, async () => {
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) results.push(await one(t));
  });
  await Promise.all(workers);
  return results.sort((a, b) => a.tenant.localeCompare(b.tenant));
}

if (require.main === module) {
  const [op, ...tenants] = process.argv.slice(2);
  if ((op !== "up" && op !== "destroy") || tenants.length === 0) {
    process.stderr.write("usage: ts-node index.ts <up|destroy> <tenant>...\n");
    process.exit(2);
  }
  runFleet(op, tenants, Number(process.env.FLEET_PARALLEL ?? 4)).then(
    (results) => {
      for (const r of results) process.stdout.write(`${r.tenant}: ${r.ok ? "ok" : "FAILED"} ${r.detail} ${JSON.stringify(r.outputs)}\n`);
      process.exit(results.every((r) => r.ok) ? 0 : 1);
    },
    (e: Error) => {
      process.stderr.write(`fleet: ${e.message}\n`);
      process.exit(1);
    },
  );
}
