/**
 * The `agb` provider plugin (dist/plugin/main.js) driven over gRPC as the engine drives it, against
 * agb-local: stack config through Configure's variables, the Session's identity from its URN, the
 * claim on the first diff that carries the id, credentials returned secret, and the same check
 * failures as the dynamic form (the handlers are the same modules).
 */
import { dirname, join } from "node:path";
import type { AgbLocal } from "../../dist/local";
import { HostDriver } from "../../dist-engine/host-driver";
import { API_KEY, directClient, startLocal } from "../support/handler-helpers";

const URN = "urn:pulumi:dev::shop::agb:index:Session::web";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

let local: AgbLocal;
let plugin: HostDriver;

beforeAll(async () => {
  local = await startLocal();
  const env = { ...process.env };
  delete env.AGB_API_KEY;
  delete env.AGB_ENDPOINT;
  plugin = await HostDriver.start({ plugin: true, env });
  await plugin.configure({ "agb:apiKey": API_KEY, "agb:endpoint": local.url, "agb:defaultLabels": JSON.stringify({ cost: "plugin" }) });
});

afterAll(async () => {
  await plugin?.close();
  await local?.close();
});

/** A secret as the engine receives it: the value under the signature. */
const unwrapped = (props: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(props).map(([k, v]) => [
      k,
      v && typeof v === "object" && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG ? (v as { value: unknown }).value : v,
    ]),
  );

test("check: the identity comes from the URN, agb:defaultLabels from Configure, and a bad input names its field", async () => {
  const { inputs, failures } = await plugin.check(URN, {}, { imageId: "agb-code-space-1", labels: { team: "a" } });
  expect(failures).toEqual([]);
  expect(inputs).toMatchObject({
    __agbProject: "shop",
    __agbStack: "dev",
    __agbName: "web",
    labels: { cost: "plugin", team: "a" },
    syncOnDelete: true,
  });
  const bad = await plugin.check(URN, {}, { imageId: "agb-code-space-1", idleTimeoutSeconds: -1 });
  expect(bad.failures).toEqual([{ property: "idleTimeoutSeconds", reason: "must be positive" }]);
});

test("create answers with the credentials secret and the claim pending; the first diff claims the session and plans nothing", async () => {
  const { inputs } = await plugin.check(URN, {}, { imageId: "agb-code-space-1", labels: { team: "a" } });
  const created = await plugin.create(URN, inputs);
  expect(created.properties.token).toMatchObject({ [SIG_KEY]: SECRET_SIG });
  expect(created.properties.resourceUrl).toMatchObject({ [SIG_KEY]: SECRET_SIG });
  expect(created.properties.__agbClaimPending).toBe(true);
  const client = directClient(local.url);
  const labels = await client.getLabels(created.id);
  expect(labels).toMatchObject({
    "pulumi-agb-claim": "unclaimed",
    "pulumi-agb-name": "web",
    "pulumi-agb-project": "shop",
    "pulumi-agb-stack": "dev",
    team: "a",
    cost: "plugin",
  });

  // A label changed out of band stays as it is: the claim adds only its own label.
  await client.setLabels(created.id, { ...labels, team: "drifted" });
  const diff = await plugin.diff(URN, created.id, unwrapped(created.properties), inputs);
  expect(diff.changes).toBe("none");
  expect(await client.getLabels(created.id)).toMatchObject({ "pulumi-agb-claim": "claimed", team: "drifted" });
  await plugin.delete(URN, created.id, unwrapped(created.properties));
});

/** A stand-in for the engine's Log service: the warnings of a plugin started with its address land in `logged`. */
async function startLogStandIn() {
  const pulumiDir = dirname(require.resolve("@pulumi/pulumi/package.json"));
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
  const enginerpc = require(join(pulumiDir, "proto", "engine_grpc_pb"));
  const emptyproto = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [pulumiDir] }));
  const logged: { urn: string; message: string; severity: number }[] = [];
  const server = new grpc.Server();
  server.addService(enginerpc.EngineService, {
    log: (call: { request: { getUrn(): string; getMessage(): string; getSeverity(): number } }, cb: (e: unknown, r: unknown) => void) => {
      logged.push({ urn: call.request.getUrn(), message: call.request.getMessage(), severity: call.request.getSeverity() });
      cb(null, new emptyproto.Empty());
    },
  });
  const port: number = await new Promise((res, rej) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e: Error | null, p: number) => (e ? rej(e) : res(p))),
  );
  return { port, logged, close: () => server.forceShutdown() };
}

/** A second plugin process, configured like the first, whose warnings go to the engine at `port`. */
async function pluginLoggingTo(port: number): Promise<HostDriver> {
  const env = { ...process.env };
  delete env.AGB_API_KEY;
  delete env.AGB_ENDPOINT;
  const driver = await HostDriver.start({ plugin: true, env, engineAddress: `127.0.0.1:${port}` });
  await driver.configure({ "agb:apiKey": API_KEY, "agb:endpoint": local.url, "agb:defaultLabels": JSON.stringify({ cost: "plugin" }) });
  return driver;
}

test("a create that finds a handed-over session under its token it did not make warns on the resource through the engine's log", async () => {
  const { port, logged, close } = await startLogStandIn();
  const urn = "urn:pulumi:dev::shop::agb:index:Session::twin";
  // The first create hands its session over (unclaimed); a second plugin process does not know it.
  const { inputs } = await plugin.check(urn, {}, { imageId: "agb-code-space-1" });
  const first = await plugin.create(urn, inputs);
  const second = await pluginLoggingTo(port);
  try {
    const checked = await second.check(urn, {}, { imageId: "agb-code-space-1" });
    const made = await second.create(urn, checked.inputs);
    expect(made.id).not.toBe(first.id);
    expect(logged).toEqual([
      { urn, severity: 2, message: expect.stringContaining(`session(s) ${first.id} carry the creation token of twin`) },
    ]);
    await second.delete(urn, made.id, unwrapped(made.properties));
  } finally {
    await second.close();
    close();
  }
  await plugin.delete(urn, first.id, unwrapped(first.properties));
});

test("a Context create that finds a leftover of its name (a create cut short) warns on the resource through the engine's log, naming its id", async () => {
  const { port, logged, close } = await startLogStandIn();
  const urn = "urn:pulumi:dev::shop::agb:index:Context::work";
  // What a create killed between its two calls leaves: an empty context under a scratch name.
  const { id: leftover } = await directClient(local.url).getContext({ name: "plugin-team~pulumi-00000000000000ee", allowCreate: true });
  const second = await pluginLoggingTo(port);
  try {
    const { inputs } = await second.check(urn, {}, { name: "plugin-team" });
    const made = await second.create(urn, inputs);
    expect(logged).toEqual([{ urn, severity: 2, message: expect.stringContaining(leftover) }]);
    await second.delete(urn, made.id, unwrapped(made.properties));
  } finally {
    await second.close();
    close();
  }
});
