"use strict";
/**
 * The baseline client of benchmarks 2 and 3: bare got calls to the AGB wire protocol, with no
 * validation, retries, limiter or waits beyond what each benchmark spells out. Keep-alive like the
 * provider's client, so both sides pay the same connection costs.
 */
const http = require("node:http");

let gotPromise;
function loadGot() {
  gotPromise ??= import("got").then((m) => m.got);
  return gotPromise;
}

class BareAgb {
  constructor(endpoint, apiKey) {
    this.endpoint = endpoint;
    this.apiKey = apiKey;
    this.agent = new http.Agent({ keepAlive: true });
  }

  async init() {
    const got = await loadGot();
    this.got = got.extend({
      prefixUrl: this.endpoint,
      headers: { authorization: `Bearer ${this.apiKey}` },
      agent: { http: this.agent },
      retry: { limit: 0 },
      timeout: { request: 30000 },
      throwHttpErrors: false,
      responseType: "json",
    });
    return this;
  }

  async call(method, path, { query, body } = {}) {
    const res = await this.got(path, { method, searchParams: query, json: method === "POST" ? (body ?? {}) : undefined });
    const b = res.body;
    if (res.statusCode !== 200 || !b || b.success !== true) {
      const err = new Error(`${path}: HTTP ${res.statusCode} ${b?.code ?? ""} ${b?.message ?? ""}`);
      err.code = b?.code;
      throw err;
    }
    return b;
  }

  createSession(imageId, labels, persistenceDataList) {
    const body = { labels: JSON.stringify(labels ?? {}) };
    if (persistenceDataList?.length)
      body.persistenceDataList = persistenceDataList.map((p) => ({ ...p, policy: JSON.stringify(p.policy) }));
    return this.call("POST", "mcp/createSession", { query: { imageId }, body }).then((b) => b.data.sessionId);
  }
  getSession(sessionId) {
    return this.call("POST", "mcp/getSession", { body: { sessionId } });
  }
  getSessionInfo(sessionId) {
    return this.call("POST", "mcp/getSessionInfo", { body: { sessionId } }).then((b) => b.data.status);
  }
  releaseSessionAsync(sessionId) {
    return this.call("POST", "mcp/releaseSessionAsync", { body: { sessionId } });
  }
  listSessions(labels) {
    return this.call("GET", "sdk/ListSession", { query: { maxResults: "100", labels: JSON.stringify(labels ?? {}) } });
  }
  getLabels(sessionId) {
    return this.call("GET", "sdk/GetLabel", { query: { sessionId } }).then((b) => JSON.parse(b.data.labels || "{}"));
  }
  setLabels(sessionId, labels) {
    return this.call("POST", "sdk/SetLabel", { query: { sessionId, Labels: JSON.stringify(labels) } });
  }
  syncContext(sessionId) {
    return this.call("POST", "sdk/SyncContext", { query: { sessionId } });
  }
  /** GetContextInfo's tasks (contextStatus is double-encoded: a JSON string inside a JSON string). */
  async contextTasks(sessionId) {
    const b = await this.call("GET", "sdk/GetContextInfo", { query: { sessionId } });
    const outer = typeof b.data.contextStatus === "string" ? JSON.parse(b.data.contextStatus) : (b.data.contextStatus ?? []);
    const tasks = [];
    for (const item of outer) if (item.type === "data") tasks.push(...JSON.parse(item.data));
    return tasks;
  }

  close() {
    this.agent.destroy();
  }
}

module.exports = { BareAgb };
