/** The `/_local/` control API (JSON in, JSON out, no auth; loopback callers only, control-guard.ts). See docs/agb-local.md. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { App } from "../app";
import type { FaultSpec } from "../faults";
import { contextState } from "../models/contexts";
import { sessionStatus, taskStatus } from "../models/lifecycle";
import { parseTimingPatch } from "../models/timing";
import { parseStrictnessPatch, showStrictness } from "../models/strictness";
import { readBodyOrDrop, sendJson } from "../routes/http-util";
import { controlRefusal } from "./control-guard";
import { DRIFT_PREFIX, driftRoute } from "./drift-routes";

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function jsonBody(raw: Buffer): unknown {
  const text = raw.toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ControlError(400, "body: malformed JSON");
  }
}

function sessions(app: App): unknown[] {
  const { store } = app;
  const now = store.now();
  const out: unknown[] = [];
  for (const acct of Object.values(store.state.accounts)) {
    store.sweep(acct);
    for (const s of Object.values(acct.sessions)) {
      out.push({
        apiKeyHash: acct.keyHash.slice(0, 12),
        sessionId: s.sessionId,
        status: sessionStatus(s, now, store.timing),
        imageId: s.imageId,
        labels: s.labels,
        persistenceDataList: s.persistenceDataList,
        createdAt: s.createdAt,
        // Which mounts were asked to upload (one entry per upload task), so a test sees what a destroy uploaded.
        uploads: acct.tasks
          .filter((t) => t.sessionId === s.sessionId && t.taskType === "upload")
          .map((t) => ({ contextId: t.contextId, path: t.path, status: taskStatus(t, now) })),
      });
    }
  }
  return out;
}

function contexts(app: App): unknown[] {
  const out: unknown[] = [];
  for (const acct of Object.values(app.store.state.accounts)) {
    for (const c of Object.values(acct.contexts)) {
      out.push({
        apiKeyHash: acct.keyHash.slice(0, 12),
        id: c.id,
        name: c.name,
        state: contextState(app.store, c),
        fileCount: Object.keys(c.files).length,
      });
    }
  }
  return out;
}

function clock(app: App): { now: number; offsetMs: number } {
  return { now: app.store.now(), offsetMs: app.store.clock.offsetMs };
}

/** Runs a settings change; a rejected value (anything but a ControlError) is a 400 naming the reason. */
function badRequestOnError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ControlError) throw err;
    throw new ControlError(400, (err as Error).message);
  }
}

async function route(app: App, method: string, path: string, body: () => unknown): Promise<unknown> {
  if (path.startsWith(DRIFT_PREFIX)) return driftRoute(app, method, path, body);
  const key = `${method} ${path}`;
  switch (key) {
    case "GET /_local/health":
      return { ok: true };
    case "POST /_local/reset":
      app.reset();
      await app.persistence.commit();
      return { ok: true };
    case "GET /_local/config":
      return { ...app.store.timing, strictness: showStrictness(app.strictness) };
    case "POST /_local/config":
      return badRequestOnError(() => {
        // `strictness` rides along with the timing fields (models/strictness.ts); both are validated
        // before either is applied.
        const { strictness, ...timing } = body() as Record<string, unknown>;
        const strictPatch = strictness === undefined ? undefined : parseStrictnessPatch(strictness);
        const timingPatch = parseTimingPatch(timing);
        if (strictPatch) app.setStrictness(strictPatch);
        return { ...app.setTiming(timingPatch), strictness: showStrictness(app.strictness) };
      });
    case "GET /_local/captures":
      return app.captures.list();
    case "DELETE /_local/captures":
      app.captures.clear();
      return { ok: true };
    case "POST /_local/faults":
      return badRequestOnError(() => ({ id: app.faults.add(body() as FaultSpec).id }));
    case "POST /_local/faults/release": {
      const id = (body() as { id?: unknown }).id;
      if (id !== undefined && typeof id !== "string") throw new ControlError(400, "id: must be a fault id string");
      return { released: app.faults.release(id) };
    }
    case "GET /_local/faults":
      return app.faults.list();
    case "DELETE /_local/faults":
      app.faults.clear();
      return { ok: true };
    case "GET /_local/clock":
      return clock(app);
    case "POST /_local/clock/advance": {
      const ms = (body() as { ms?: unknown }).ms;
      if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) throw new ControlError(400, "ms: must be a number >= 0");
      app.store.clock.advance(ms);
      await app.persistence.commit();
      return clock(app);
    }
    case "GET /_local/counters":
      return app.store.state.counters;
    case "GET /_local/sessions":
      return sessions(app);
    case "GET /_local/contexts":
      return contexts(app);
    case "GET /_local/logs":
      return app.logs();
    default:
      throw new ControlError(404, `${method} ${path}: unknown control endpoint`);
  }
}

export async function dispatchControl(app: App, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const refusal = controlRefusal(req, app.boundHost);
  if (refusal !== undefined) {
    // Nothing of the body is read: the connection is closed after the answer.
    sendJson(res, 403, { error: refusal }, { connection: "close" });
    req.resume();
    return;
  }
  const raw = await readBodyOrDrop(req, app.bodyBudget);
  if (raw === undefined) return;
  try {
    const result = await route(app, req.method ?? "GET", path, () => jsonBody(raw));
    sendJson(res, 200, result);
  } catch (err) {
    if (err instanceof ControlError) sendJson(res, err.status, { error: err.message });
    else sendJson(res, 500, { error: `internal error: ${(err as Error).message}` });
  }
}
