/**
 * The AGB API pipeline: route lookup, counters, faults, latency, body, auth, model call,
 * persistence (mutations only), envelope. Reads do no state serialization.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { App } from "../app";
import { LocalError } from "../models/errors";
import { checkApiKey } from "../models/strictness";
import { newRequestId } from "../models/ids";
import { CONTEXT_ROUTES } from "./context-routes";
import { envelopeFor, errorEnvelope, successEnvelope } from "./envelope";
import type { Envelope } from "./envelope";
import { FILE_ROUTES } from "./file-routes";
import { readBody, readBodyOrDrop, sendJson, sleep } from "./http-util";
import { Params, parseBody } from "./params";
import { SESSION_ROUTES } from "./session-routes";
import type { Route } from "./types";

const ROUTES: Map<string, Route> = new Map(Object.entries({ ...SESSION_ROUTES, ...CONTEXT_ROUTES, ...FILE_ROUTES }));

function bearerKey(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  const key = m ? m[1].trim() : "";
  return key === "" ? undefined : key;
}

export async function dispatchApi(app: App, req: IncomingMessage, res: ServerResponse, path: string, query: string): Promise<void> {
  const requestId = newRequestId();
  const route = ROUTES.get(path);
  const method = req.method ?? "GET";
  const counters = app.store.state.counters;
  const key = bearerKey(req);
  const keyHash = key === undefined ? "" : app.keyHash(key);
  let envelope: Envelope;
  let faultName: string | undefined;

  const finish = (env: Envelope | undefined, op: string): void => {
    const status = env ? env.httpStatusCode : 0;
    app.log({
      method,
      path,
      operation: op,
      status,
      apiKeyHash: keyHash.slice(0, 12),
      requestId,
      fault: faultName,
    });
    if (env) sendJson(res, status, env, { "x-request-id": requestId });
    else req.socket.destroy();
  };

  if (!route || (method !== "GET" && method !== "POST")) {
    await readBody(req, app.bodyBudget).catch(() => undefined);
    finish(errorEnvelope(requestId, 404, "InvalidAction.NotFound", `${method} ${path}: unknown API action`), "-");
    return;
  }
  counters.requests[route.op] = (counters.requests[route.op] ?? 0) + 1;
  counters.totalRequests++;
  const fault = app.faults.match(route.op);
  let latency = app.store.timing.latencyMs;
  if (fault) {
    counters.faultsInjected++;
    faultName = fault.mode;
    if (fault.latencyMs > 0) latency += Math.random() * fault.latencyMs;
  }
  const raw = await readBodyOrDrop(req, app.bodyBudget);
  if (raw === undefined) {
    finish(undefined, route.op); // logs the dropped request
    return;
  }
  if (latency > 0) await sleep(latency);
  if (fault?.mode === "hold") await app.faults.hold(fault);
  if (fault?.mode === "reset") {
    finish(undefined, route.op);
    return;
  }
  if (fault?.mode === "error") {
    finish(errorEnvelope(requestId, fault.httpStatus, fault.code, fault.message), route.op);
    return;
  }
  try {
    if (key === undefined) throw new LocalError("AccessDenied", "missing or empty API key (authorization: Bearer <key>)");
    checkApiKey(app.strictness, key);
    const body = method === "POST" ? parseBody(raw.toString("utf8")) : {};
    const params = new Params(query, body);
    const acct = app.store.account(keyHash);
    const host = req.headers.host;
    const baseUrl = host ? `http://${host}` : "";
    const result = route.handle({ store: app.store, acct, params, tokens: app.tokens, baseUrl, strictness: app.strictness });
    // Captured only once the service accepted it: a refused body (no key, bad fields) is never kept.
    if (route.op === "createSession") app.captures.record(keyHash.slice(0, 12), query, body);
    if (result.mutated ?? route.mutates) await app.persistence.commit();
    envelope = successEnvelope(requestId, result.data, result.extra);
  } catch (err) {
    envelope = envelopeFor(requestId, err);
  }
  finish(fault?.mode === "commit-then-drop" ? undefined : envelope, route.op);
}
