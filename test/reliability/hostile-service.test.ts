/**
 * Row "hostile service": the fleet program under the engine against a proxy in front of agb-local
 * that answers the status poll with attacks (the API key as `x-request-id` of a 200 text/html page;
 * terminal escapes, CR/LF, the key and long tails in code and message), and the client alone in its
 * own process reading a 200 MB and an endless body. Counted: forms of the key and control characters
 * found in state, printed output and errors (0), and the reader's peak RSS (under the cap).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { readStateFile, runFleet } from "./support/engine";
import { record } from "./support/results";
import { useScenario } from "./support/scenario";
import { escapeText, startHostileServer } from "../support/hostile-server";
import type { Attacker, HostileServer } from "../support/hostile-server";

/** The reader's peak RSS must stay under this (a 16 MiB answer cap, plus Node itself). */
const RSS_CAP_BYTES = 256 * 1024 * 1024;
const sc = useScenario("hostile", "19a-hostile-service");
let hostile: HostileServer;
let key: string;
const haystacks: Array<{ where: string; text: string }> = [];

beforeAll(async () => {
  key = sc.apiKey.replace("akm-rel-", "akm-HOSTILE-");
  hostile = await startHostileServer(sc.local.url);
});
afterAll(async () => {
  await hostile?.close();
});

function forms(k: string): string[] {
  return [k, encodeURIComponent(k), Buffer.from(k).toString("base64"), k.slice(4, 20)];
}
// Raw, and as JSON writes them in the state file.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]|\\u00(1b|07|9b)|\\r/;

const ATTACKS: Array<[string, Attacker]> = [
  [
    "key as x-request-id",
    (req) =>
      req.path === "/mcp/getSessionInfo"
        ? { kind: "answer", headers: { "content-type": "text/html", "x-request-id": key }, body: "<html></html>" }
        : undefined,
  ],
  [
    "escapes in code and message",
    (req) =>
      req.path === "/mcp/getSessionInfo"
        ? {
            kind: "answer",
            status: 400,
            body: JSON.stringify({
              success: false,
              code: escapeText(`E.${key}`),
              message: escapeText(`key ${key}`),
              requestId: escapeText(key),
            }),
          }
        : undefined,
  ],
];

test("the fleet under attack: up fails twice, then heals; no key and no control character anywhere", async () => {
  const run = { ...sc.base("hostile", { sessions: 2, contexts: 1 }), endpoint: hostile.url, apiKey: key };
  for (const [name, attacker] of ATTACKS) {
    hostile.attack(attacker);
    const up = await runFleet({ ...run, op: "up" });
    hostile.attack(undefined);
    expect({ name, ok: up.ok }).toEqual({ name, ok: false });
    haystacks.push({ where: `${name}: output`, text: up.output }, { where: `${name}: error`, text: up.error ?? "" });
    haystacks.push({ where: `${name}: state`, text: readStateFile(sc.stateDir, "hostile").text });
  }
  const healed = await runFleet({ ...run, op: "up" });
  expect({ ok: healed.ok, error: healed.error }).toEqual({ ok: true, error: undefined });
  const destroyed = await runFleet({ ...run, op: "destroy" });
  expect(destroyed.ok).toBe(true);
  haystacks.push({ where: "final state", text: readStateFile(sc.stateDir, "hostile").text });
  const keysFound = haystacks.filter((h) => forms(key).some((f) => h.text.includes(f))).map((h) => h.where);
  // The engine's own output has line breaks; control characters are counted in everything else.
  const controlFound = haystacks
    .filter((h) => CONTROL.test(h.where.endsWith("output") ? h.text.replace(/\n/g, " ") : h.text))
    .map((h) => h.where);
  record("19a-hostile-service", "19", "hostile service (key echoes, escapes, huge bodies)", {
    attacksServed: hostile.attacks,
    placesSearched: haystacks.length,
    keysFound: keysFound.length,
    controlCharactersFound: controlFound.length,
  });
  expect({ keysFound, controlFound }).toEqual({ keysFound: [], controlFound: [] });
});

test("a 200 MB and an endless body: the client stops at its cap, peak RSS under the cap", async () => {
  let n = 0;
  hostile.attack(() => ({ kind: "stream", bytes: 200 * 1024 * 1024, chunked: n++ % 2 === 1 }));
  const child = spawn(process.execPath, [join(__dirname, "support", "bounded-reader.js"), hostile.url, key], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  const code = await new Promise((resolve) => child.on("exit", resolve));
  clearTimeout(timer);
  hostile.attack(undefined);
  await new Promise((r) => setTimeout(r, 500)); // the server counts a body once its socket closed
  expect({ code, err }).toEqual({ code: 0, err: "" });
  const { codes, maxRssBytes } = JSON.parse(out) as { codes: string[]; maxRssBytes: number };
  const biggestRead = Math.max(...hostile.streamed);
  record("19a-hostile-service", "19", "hostile service (key echoes, escapes, huge bodies)", {
    hugeBodyAttempts: hostile.streamed.length,
    mostBytesReadOfOneBody: biggestRead,
    readerPeakRssMiB: Math.round(maxRssBytes / 1024 / 1024),
    rssCapMiB: RSS_CAP_BYTES / 1024 / 1024,
  });
  expect(codes).toEqual(["InvalidResponse", "InvalidResponse"]);
  expect(biggestRead).toBeLessThan(64 * 1024 * 1024);
  expect(maxRssBytes).toBeLessThan(RSS_CAP_BYTES);
});
