#!/usr/bin/env node
/**
 * `npm run demo [-- --destroy | --help]`: deploys examples/quickstart (unknown flags are refused).
 * - Default: against agb-local (no account), state kept in .agb-demo/ so a second run sees the first.
 *   agb-local listens on the same port every run (chosen once, remembered in .agb-demo/port),
 *   because every resource records the endpoint it was created on.
 * - AGB_API_KEY set: against the real AGB endpoint (AGB_ENDPOINT, else the provider's default).
 * Runs through the real `pulumi` CLI when it is on the PATH or `npm run setup:pulumi` built it into
 * .tools/pulumi/bin (local file backend in .agb-demo/, on a
 * copy of the example there), otherwise through the in-repo test engine (dist-engine/).
 */
"use strict";
const fs = require("node:fs");
const net = require("node:net");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const DEMO_DIR = path.join(ROOT, ".agb-demo");
const PROGRAM = path.join(ROOT, "examples", "quickstart");
const LOCAL_KEY = "demo-local-key";

const HELP = `npm run demo [-- --destroy | --help]

Deploys examples/quickstart (a Context and a Session) and prints the plan, the result and the
stack outputs. Without AGB_API_KEY it deploys to agb-local, the local AGB service, started for the
run with its data in .agb-demo/agb-local; with AGB_API_KEY (and optionally AGB_ENDPOINT) set, to
that AGB account. It runs through the pulumi CLI when one is on the PATH or built by
npm run setup:pulumi, else through the in-repo engine. A second run changes nothing.

  --destroy   remove everything the demo deployed
  --help      print this and exit
`;

/** The demo's flags: --destroy and --help; anything else stops it before anything runs. */
function parseFlags(args) {
  const unknown = args.filter((a) => a !== "--destroy" && a !== "--help" && a !== "-h");
  if (unknown.length > 0) {
    process.stderr.write(`demo: unknown option ${unknown.map((a) => JSON.stringify(a)).join(", ")}\n\n${HELP}`);
    process.exit(2);
  }
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  return { destroy: args.includes("--destroy") };
}
const { destroy } = parseFlags(process.argv.slice(2));

function say(text) {
  process.stdout.write(text + "\n");
}

/** Fails the demo with the operation's error when it did not succeed; otherwise returns the result. */
function must(r) {
  if (!r.ok) throw new Error(r.error);
  return r;
}

function portFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

/** The port remembered from the first run, or a free one (then remembered). */
async function demoPort() {
  const file = path.join(DEMO_DIR, "port");
  if (fs.existsSync(file)) {
    const port = Number(fs.readFileSync(file, "utf8").trim());
    if (!(await portFree(port))) {
      throw new Error(
        `port ${port} (remembered in ${file}) is in use. The demo's resources are recorded against ` +
          `http://127.0.0.1:${port}, so agb-local must listen there again: stop whatever uses the port ` +
          `and re-run (or delete .agb-demo/ to start over).`,
      );
    }
    return port;
  }
  const port = await new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  fs.writeFileSync(file, String(port));
  return port;
}

/**
 * The real CLI, with the same command sequence as the end-to-end suite (dist-engine's PulumiCli):
 * a local file backend in .agb-demo/pulumi-backend, the passphrase secrets provider, the API key
 * piped to `pulumi config set --secret` on stdin. The CLI writes the stack's salt and config into
 * Pulumi.<stack>.yaml, so it works on a copy of the example in .agb-demo/quickstart (refreshed from
 * examples/quickstart every run, its stack file kept); the checked-in example never changes.
 */
async function viaCli(stack, endpoint, apiKey, env) {
  const { PulumiCli, copyProject, prepareProgram } = require(path.join(ROOT, "dist-engine"));
  const program = path.join(DEMO_DIR, "quickstart");
  copyProject(PROGRAM, program);
  prepareProgram(program);
  const cli = new PulumiCli({
    cwd: program,
    stack,
    backendDir: path.join(DEMO_DIR, "pulumi-backend"),
    passphrase: process.env.PULUMI_CONFIG_PASSPHRASE ?? "agb-demo",
    parallel: 4,
    echo: true,
    env,
  });
  try {
    await cli.setConfig(endpoint ? { "agb:endpoint": endpoint } : {}, { "agb:apiKey": apiKey });
    if (destroy) {
      must(await cli.run("destroy"));
      // The CLI's own hint (`pulumi stack rm dev`) misses the demo's private backend and passphrase.
      say(
        `\nThe stack's history and config stay in .agb-demo/pulumi-backend. To remove the stack itself: ` +
          `PULUMI_BACKEND_URL=file://${path.join(DEMO_DIR, "pulumi-backend")} PULUMI_CONFIG_PASSPHRASE=${process.env.PULUMI_CONFIG_PASSPHRASE ? "<yours>" : "agb-demo"} ` +
          `${env === process.env ? "pulumi" : path.join(ROOT, ".tools", "pulumi", "bin", "pulumi")} stack rm ${stack} --yes --cwd ${program}; ` +
          "or delete .agb-demo/ to forget the demo entirely.",
      );
      return;
    }
    say("\n== Plan ==");
    must(await cli.run("preview"));
    say("\n== Deploy ==");
    must(await cli.run("up"));
    say("\n== Stack outputs ==");
    say(JSON.stringify(await cli.outputs(), null, 2));
  } finally {
    cli.close();
  }
}

/** The in-repo test engine (no Pulumi CLI needed). */
async function viaEngine(stack, endpoint, apiKey) {
  const { runOperation } = require(path.join(ROOT, "dist-engine"));
  const base = {
    programDir: PROGRAM,
    stack,
    stateDir: path.join(DEMO_DIR, "engine-state"),
    config: endpoint ? { "agb:endpoint": endpoint } : {},
    secretConfig: { "agb:apiKey": apiKey },
    parallel: 4,
    echo: true,
  };
  if (destroy) {
    must(await runOperation({ ...base, op: "destroy" }));
    return;
  }
  say("\n== Plan ==");
  must(await runOperation({ ...base, op: "preview" }));
  say("\n== Deploy ==");
  const r = must(await runOperation({ ...base, op: "up" }));
  say("\n== Stack outputs ==");
  const shown = {};
  for (const [k, v] of Object.entries(r.outputs)) shown[k] = r.secretOutputs.includes(k) ? "[secret]" : v;
  say(JSON.stringify(shown, null, 2));
}

/**
 * The environment to run the real CLI in: the caller's when `pulumi` is on the PATH, else one with
 * the CLI that `npm run setup:pulumi` built (.tools/pulumi/bin) first on the PATH; undefined when
 * there is neither (the demo then uses the in-repo engine).
 */
function cliEnvironment() {
  if (require(path.join(ROOT, "dist-engine")).pulumiOnPath()) return process.env;
  const bin = path.join(ROOT, ".tools", "pulumi", "bin");
  if (!fs.existsSync(path.join(bin, "pulumi"))) return undefined;
  return {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
}

async function main() {
  const started = Date.now();
  fs.mkdirSync(DEMO_DIR, { recursive: true });
  const cli = cliEnvironment();
  const apiKey = process.env.AGB_API_KEY;
  let local;
  let endpoint;
  let stack;
  if (apiKey) {
    endpoint = process.env.AGB_ENDPOINT;
    stack = "cloud";
    say(
      `AGB_API_KEY is set: ${destroy ? "destroying the demo on" : "deploying the demo to"} ${endpoint ?? "the default AGB endpoint (https://sdk-api.agb.cloud)"}, not agb-local.`,
    );
  } else {
    const port = await demoPort();
    const { startAgbLocal } = require(path.join(ROOT, "dist", "local"));
    local = await startAgbLocal({ port, dataDir: path.join(DEMO_DIR, "agb-local"), quiet: true });
    endpoint = local.url;
    stack = "dev";
    say(`agb-local (the local AGB service) is listening on ${local.url}; its data lives in .agb-demo/agb-local.`);
  }
  say(
    `${destroy ? "Destroying" : "Deploying"} examples/quickstart, stack "${stack}", through ${cli ? `the pulumi CLI${cli === process.env ? "" : " built by npm run setup:pulumi"} (local file backend in .agb-demo/)` : "the in-repo test engine (no pulumi CLI on the PATH and none built by npm run setup:pulumi)"}.`,
  );
  try {
    if (cli) await viaCli(stack, endpoint, apiKey ?? LOCAL_KEY, cli);
    else await viaEngine(stack, endpoint, apiKey ?? LOCAL_KEY);
    say(
      `\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.${destroy ? "" : " Run `npm run demo` again (no changes) or `npm run demo -- --destroy` to remove everything."}`,
    );
  } finally {
    if (local) await local.close();
  }
}

main().catch((e) => {
  process.stderr.write(`demo failed: ${e.message}\n`);
  process.exit(1);
});
