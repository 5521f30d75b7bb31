"use strict";
/**
 * Drives the real Pulumi dynamic provider host (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC,
 * as the engine does (same approach as test/provider/host-driver.ts, in plain JS for the benchmarks).
 */
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { track } = require("./reaper");

const REPO = path.resolve(__dirname, "../../..");
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [REPO] }));
// The host's own grpc / protobuf copies, so message classes and channels match.
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
const structproto = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));
const provproto = require(path.join(pulumiDir, "proto/provider_pb"));
const provrpc = require(path.join(pulumiDir, "proto/provider_grpc_pb"));
const HOST_ENTRY = path.join(pulumiDir, "cmd/dynamic-provider/index.js");

const struct = (v) => structproto.Struct.fromJavaScript(v);

class BenchHost {
  constructor(child, client) {
    this.child = child;
    this.client = client;
    this.stderr = "";
  }

  /** Spawns the host (cwd = repo root, where `pulumi-agb` resolves by self-reference); resolves once it printed its port. */
  static async start({ cwd = REPO, env = {} } = {}) {
    const child = track(spawn(process.execPath, [HOST_ENTRY, "engine-address-unused"], {
      cwd, env: { ...process.env, PULUMI_NODEJS_PROJECT: "bench", PULUMI_NODEJS_STACK: "bench", ...env }, stdio: ["ignore", "pipe", "pipe"],
    }));
    let out = "";
    let err = "";
    child.stderr.on("data", (d) => (err += d.toString()).length > 20000 && (err = err.slice(-10000)));
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`host did not print its port in 30s; stderr: ${err}`)), 30000);
      child.stdout.on("data", (d) => {
        out += d.toString();
        const m = /^(\d+)\s*$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`host exited with ${code}: ${err}`));
      });
    });
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const host = new BenchHost(child, client);
    Object.defineProperty(host, "stderr", { get: () => err });
    return host;
  }

  get pid() {
    return this.child.pid;
  }

  /** Resident set size of the host process in bytes (Linux /proc). */
  rssBytes() {
    const status = fs.readFileSync(`/proc/${this.child.pid}/status`, "utf8");
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    if (!m) throw new Error("VmRSS not found in /proc status");
    return Number(m[1]) * 1024;
  }

  call(method, req) {
    return new Promise((resolve, reject) => {
      this.client[method](req, { deadline: Date.now() + 60000 }, (err, res) => (err ? reject(new Error(`${method}: ${err.details ?? err.message}`)) : resolve(res)));
    });
  }

  async configure(config) {
    const req = new provproto.ConfigureRequest();
    req.setArgs(struct(config));
    req.setAcceptsecrets(true);
    await this.call("configure", req);
  }

  async check(urn, olds, news) {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.call("check", req);
    const failures = res.getFailuresList().map((f) => `${f.getProperty()}: ${f.getReason()}`);
    if (failures.length) throw new Error(`check failed: ${failures.join("; ")}`);
    return res.getInputs()?.toJavaScript() ?? {};
  }

  async create(urn, properties) {
    const req = new provproto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(struct(properties));
    const res = await this.call("create", req);
    return { id: res.getId(), properties: res.getProperties()?.toJavaScript() ?? {} };
  }

  async read(urn, id, properties) {
    const req = new provproto.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(struct(properties));
    const res = await this.call("read", req);
    return { id: res.getId(), properties: res.getProperties()?.toJavaScript() ?? {} };
  }

  /** Closes the channel and ends this host process (only this one). */
  async close() {
    this.client.close();
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.kill("SIGTERM");
    const t = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(t);
  }
}

module.exports = { BenchHost, REPO };
