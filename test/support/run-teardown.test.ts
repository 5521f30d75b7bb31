/**
 * The suites' globalTeardown (test/support/run-teardown.js) on fake run roots: a process left
 * running under the root fails it, named, and is killed, also when its parent was killed and it
 * was handed to init (what the kill -9 tests do on purpose); the processes of another run on the
 * same machine are neither counted nor killed; with nothing left it passes and removes the root.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { processesOf, RUN_ROOT_ENV } from "./test-run";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const runTeardown = require("./run-teardown.js") as () => Promise<void>;

jest.setTimeout(120_000);

/** Every sleeper started, killed after each test whatever it found (a failing check must not leak them). */
const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already ended: the teardown under test killed it */
    }
  }
});

/** A fake run root like run-setup.js makes, with its tmp folder. */
function fakeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "fake-run-"));
  mkdirSync(join(root, "tmp"));
  return root;
}

/** A process that would run for an hour, started with `root`'s TMPDIR as a test's child would be. */
function sleeper(root: string): number {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 3600000)"], {
    env: { ...process.env, TMPDIR: join(root, "tmp") },
    stdio: "ignore",
    detached: true,
  });
  child.unref();
  started.push(child.pid!);
  return child.pid!;
}

/** Starts a sleeper from a shell that exits at once: the sleeper's parent is gone, as after a kill -9. */
function orphanedSleeper(root: string): number {
  const r = spawnSync("sh", ["-c", `"${process.execPath}" -e "setTimeout(() => {}, 3600000)" </dev/null >/dev/null 2>&1 & echo $!`], {
    env: { ...process.env, TMPDIR: join(root, "tmp") },
    encoding: "utf8",
  });
  const pid = Number(r.stdout.trim());
  started.push(pid);
  return pid;
}

/** Runs the teardown as Jest does, with `root` as the run's root and a short grace. */
async function teardownOf(root: string): Promise<void> {
  const saved = { root: process.env[RUN_ROOT_ENV], grace: process.env.TEST_RUN_GRACE_MS };
  process.env[RUN_ROOT_ENV] = root;
  process.env.TEST_RUN_GRACE_MS = "1000";
  try {
    await runTeardown();
  } finally {
    process.env[RUN_ROOT_ENV] = saved.root;
    if (saved.grace === undefined) delete process.env.TEST_RUN_GRACE_MS;
    else process.env.TEST_RUN_GRACE_MS = saved.grace;
  }
}

test("a process left running under the run's root fails the teardown, named by pid, and is killed", async () => {
  const root = fakeRoot();
  const child = sleeper(root);
  const orphan = orphanedSleeper(root);
  expect(
    processesOf(root)
      .map((p) => p.pid)
      .sort(),
  ).toEqual([child, orphan].sort());
  await expect(teardownOf(root)).rejects.toThrow(
    new RegExp(`2 process\\(es\\)[^]*pid (${child}|${orphan}): [^]*pid (${child}|${orphan}): `),
  );
  expect(processesOf(root)).toEqual([]);
  expect(existsSync(root)).toBe(false);
});

test("another run's processes are neither counted nor killed; with nothing left the teardown passes", async () => {
  const mine = fakeRoot();
  // Its name starts with this run's: a path prefix is not a match.
  const other = `${mine}2`;
  mkdirSync(join(other, "tmp"), { recursive: true });
  const theirs = sleeper(other);
  try {
    await expect(teardownOf(mine)).resolves.toBeUndefined();
    expect(existsSync(mine)).toBe(false);
    expect(processesOf(other).map((p) => p.pid)).toEqual([theirs]);
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});
