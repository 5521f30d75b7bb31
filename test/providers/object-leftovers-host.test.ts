/**
 * The rules by which a create ends what an earlier create cut short left behind, through the real
 * provider host against agb-local (the real-CLI kills are in test/reliability/cli/object-leftovers.test.ts):
 * which `<name>~pulumi-<hex>` contexts a Context create deletes, which it reports by id, which it
 * leaves alone, and what a failed look does. Ages are moved with agb-local's clock, the one the
 * provider reads them from.
 */
import { CONTEXT_PROVIDER_TEXT } from "../../dist/dynamic/provider-text";
import { directClient } from "../support/handler-helpers";
import { useHostAndLocal } from "../support/host-fixture";

jest.setTimeout(180_000);

const CONTEXT_URN = "urn:pulumi:test::proj::pulumi-nodejs:dynamic/agb:Context::work";
const HOURS = 60 * 60 * 1000;
const fixture = useHostAndLocal();

type Created = { id: string; properties: Record<string, unknown> };

async function createContext(name: string): Promise<Created | Error> {
  const { inputs } = await fixture.host.check(CONTEXT_URN, {}, { __provider: CONTEXT_PROVIDER_TEXT, name });
  return fixture.host.create(CONTEXT_URN, inputs).catch((err: Error) => err);
}

/** A context made directly under `name` (as a create cut short leaves it), optionally holding one file. */
async function leftover(name: string, withFile = false): Promise<string> {
  const client = directClient(fixture.local.url);
  const { id } = await client.getContext({ name, allowCreate: true });
  if (withFile) {
    const { url } = await client.getContextFileUploadUrl(id, "/data/kept.txt");
    expect((await fetch(url, { method: "PUT", body: "kept" })).ok).toBe(true);
  }
  return id;
}

const names = async () => (await fixture.local.control.contexts()).map((c) => c.name).sort();

test("a Context create deletes its name's empty leftovers older than two hours, reports the younger and the non-empty ones, and leaves other names alone", async () => {
  const old = await leftover("team~pulumi-00000000000000aa");
  const oldWithFile = await leftover("team~pulumi-00000000000000bb", true);
  const otherName = await leftover("team-b~pulumi-00000000000000cc");
  const notScratch = await leftover("team~pulumi-not-hex");
  await fixture.local.control.advanceClock(3 * HOURS);
  const young = await leftover("team~pulumi-00000000000000dd");

  const created = (await createContext("team")) as Created;
  expect(created).not.toBeInstanceOf(Error);
  expect(String(created.properties.__agbSuspects).split(",").sort()).toEqual([oldWithFile, young].sort());
  const live = (await fixture.local.control.contexts()).map((c) => c.id);
  expect({ oldDeleted: !live.includes(old), kept: [oldWithFile, otherName, notScratch, young].every((id) => live.includes(id)) }).toEqual({
    oldDeleted: true,
    kept: true,
  });
  expect(await names()).toEqual([
    "team",
    "team-b~pulumi-00000000000000cc",
    "team~pulumi-00000000000000bb",
    "team~pulumi-00000000000000dd",
    "team~pulumi-not-hex",
  ]);
});

test("a Context create whose look for leftovers fails fails itself and leaves nothing", async () => {
  const before = await names();
  await fixture.local.control.injectFault({
    operation: "ListContexts",
    mode: "error",
    httpStatus: 400,
    code: "InvalidParameter",
    count: 1,
  });
  const failed = await createContext("looked");
  expect(failed).toBeInstanceOf(Error);
  expect((failed as Error).message).toContain(`could not look for contexts left by an earlier create of "looked" cut short`);
  expect(await names()).toEqual(before);
});
