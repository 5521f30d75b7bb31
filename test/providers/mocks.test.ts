/** `pulumi.runtime.setMocks`: type tokens, __provider, wiring, additionalSecretOutputs, static get. */
import * as pulumi from "@pulumi/pulumi";

type Registered = { type: string; name: string; inputs: Record<string, any>; id?: string };
const registered: Registered[] = [];
const secretLists = new Map<string, string[]>();

pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs, id: args.id });
      const id = args.id || `${args.name}-id`;
      const extra = args.type.endsWith(":Context")
        ? { contextId: id }
        : { sessionId: id, resourceUrl: "https://x/?authCode=abc", token: "tok" };
      return { id, state: { ...args.inputs, ...extra } };
    },
    call: () => ({}),
  },
  "proj",
  "dev",
  false,
);

// Record what the SDK sends to the (mock) monitor: additionalSecretOutputs lives on the request.
const monitor: any = (pulumi.runtime as any).getMonitor();
const original = monitor.registerResource.bind(monitor);
monitor.registerResource = (req: any, cb: any) => {
  secretLists.set(req.getName(), req.getAdditionalsecretoutputsList());
  return original(req, cb);
};

// Load the package after the mocks are in place.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const agb = require("../../dist/index") as typeof import("../../dist/index");

const value = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply((v) => resolve(v)));

test("type tokens, a short __provider, a Context id wired into a Session, secret outputs", async () => {
  const ctx = new agb.Context("work", { name: "work-data" });
  const session = new agb.Session("dev", {
    imageId: "agb-code-space-1",
    labels: { team: "ml" },
    contextSyncs: [{ contextId: ctx.contextId, path: "/home/project", policy: { uploadPolicy: { uploadMode: agb.UploadMode.ARCHIVE } } }],
  });
  expect(await value(session.sessionId)).toBe("dev-id");
  expect(await value(ctx.contextId)).toBe("work-id");

  const s = registered.find((r) => r.name === "dev")!;
  const c = registered.find((r) => r.name === "work")!;
  expect(s.type).toBe("pulumi-nodejs:dynamic/agb:Session");
  expect(c.type).toBe("pulumi-nodejs:dynamic/agb:Context");
  expect(s.inputs.__provider.length).toBeLessThanOrEqual(300);
  expect(s.inputs.__provider).toContain("pulumi-agb/providers/session");
  expect(c.inputs.__provider).toContain("pulumi-agb/providers/context");
  expect(s.inputs.contextSyncs[0]).toEqual({
    contextId: "work-id",
    path: "/home/project",
    policy: { uploadPolicy: { uploadMode: "Archive" } },
  });
  expect(s.inputs).toMatchObject({ __agbProject: "proj", __agbStack: "dev", __agbName: "dev" });

  // The engine marks these secret; mocks do not apply the option, so assert what the SDK sends.
  expect(secretLists.get("dev")).toEqual(expect.arrayContaining(["resourceUrl", "token"]));
  expect(secretLists.get("work")).toEqual([]);
});

test("enum constants carry the wire strings", () => {
  expect(agb.Lifecycle.LIFECYCLE_1DAY).toBe("Lifecycle_1Day");
  expect(agb.Lifecycle.LIFECYCLE_FOREVER).toBe("Lifecycle_Forever");
  expect(agb.UploadMode.FILE).toBe("File");
  expect(agb.UploadStrategy.UPLOAD_BEFORE_RESOURCE_RELEASE).toBe("UploadBeforeResourceRelease");
  expect(agb.DownloadStrategy.DOWNLOAD_ASYNC).toBe("DownloadAsync");
});

test("static get reads an existing session by id", async () => {
  const got = agb.Session.get("existing", "s-123");
  expect(await value(got.sessionId)).toBe("s-123");
  const r = registered.find((x) => x.name === "existing")!;
  expect(r.type).toBe("pulumi-nodejs:dynamic/agb:Session");
  expect(r.inputs.__provider).toContain("pulumi-agb/providers/session");
});
