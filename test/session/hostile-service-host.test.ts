/**
 * Session create through the real dynamic-provider host, against a hostile service: a proxy in
 * front of agb-local that answers the status poll with the API key as `x-request-id` (a 200
 * text/html page), or with terminal escapes and forged lines in code and message. The session never
 * shows RUNNING, so its create releases it and fails with no id (nothing reaches the state), and the
 * error the host hands the engine (printed by the CLI) holds no key, no control character and no
 * unbounded text.
 */
import { HostCallError } from "../../dist-engine/host-driver";
import type { HostDriver } from "../../dist-engine/host-driver";
import { escapeText, startHostileServer } from "../support/hostile-server";
import type { Attacker, HostileServer } from "../support/hostile-server";
import { startConfiguredHost } from "../support/handler-helpers";
import { useHostAndLocal } from "../support/host-fixture";
import { sessionNews, SESSION_URN as URN } from "../support/host-news";

jest.setTimeout(180_000);

const KEY = "akm-HOSTILE-HOST-KEY-41b9c0";
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const fixture = useHostAndLocal({ apiKey: KEY, hostBeforeAll: false });
let hostile: HostileServer;
let host: HostDriver;

beforeAll(async () => {
  hostile = await startHostileServer(fixture.local.url);
  host = await startConfiguredHost(fixture.program.dir, hostile.url, KEY);
});
afterAll(async () => {
  await host?.close();
  await hostile?.close();
});

const news = sessionNews({ imageId: "img" });

/** Creates a session with `attacker` on the status poll; returns what the host reported. */
async function createUnder(attacker: Attacker): Promise<HostCallError> {
  const inputs = (await host.check(URN, {}, news)).inputs;
  hostile.attack(attacker);
  try {
    await host.create(URN, inputs);
  } catch (err) {
    expect(err).toBeInstanceOf(HostCallError);
    return err as HostCallError;
  } finally {
    hostile.attack(undefined);
  }
  throw new Error("expected a partial failure");
}

/** The create's error: clean, and the session it made released (nothing recorded). */
async function expectCleanAndReleased(err: HostCallError): Promise<string> {
  expect(err.initFailure).toBeUndefined();
  expect(err.message).not.toContain(KEY);
  expect(err.message).not.toMatch(CONTROL);
  expect(err.message.length).toBeLessThan(10_000);
  const id = /session (s-[0-9a-f]+) did not become RUNNING/.exec(err.message)?.[1];
  const status = (await fixture.local.control.sessions()).find((s) => s.sessionId === id)?.status;
  expect({ id: !!id, released: status === "DELETING" || status === "FINISH" }).toEqual({ id: true, released: true });
  return err.message;
}

test("the key as x-request-id of a 200 text/html status answer stays out of the create's error", async () => {
  const err = await createUnder((req) =>
    req.path === "/mcp/getSessionInfo"
      ? { kind: "answer", headers: { "content-type": "text/html", "x-request-id": KEY }, body: "<html></html>" }
      : undefined,
  );
  const shown = await expectCleanAndReleased(err);
  expect(shown).toContain("requestId [redacted]");
});

test("escapes, CR/LF, the key and a long tail in code and message reach the create's error stripped and cut", async () => {
  const body = JSON.stringify({
    success: false,
    code: escapeText(`E.${KEY}`),
    message: escapeText(`key ${KEY}`),
    requestId: escapeText("r"),
  });
  const err = await createUnder((req) => (req.path === "/mcp/getSessionInfo" ? { kind: "answer", status: 400, body } : undefined));
  const shown = await expectCleanAndReleased(err);
  expect(shown).toContain("+ victim created");
  expect(shown).toMatch(/more characters/);
});
