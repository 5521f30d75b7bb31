/** Runs test/parity/sdk_tool.py (the official Python SDK) from the parity venv and returns its RESULT. */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
/** The venv python that `npm run test:parity` prepares (scripts/parity/venv.js). */
export const PYTHON = process.env.PARITY_PYTHON ?? path.join(ROOT, ".tools", "parity-venv", "bin", "python");

export function runSdk<T>(endpoint: string, apiKey: string, args: string[]): Promise<T> {
  if (!existsSync(PYTHON)) throw new Error(`no SDK venv at ${PYTHON}: run \`npm run test:parity\` (it installs agbcloud-sdk)`);
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON,
      [path.join(__dirname, "sdk_tool.py"), ...args],
      {
        env: { ...process.env, AGB_ENDPOINT: endpoint, AGB_API_KEY: apiKey },
        timeout: 240_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
        if (err || !line) {
          reject(
            new Error(`sdk_tool.py ${args[0]} failed: ${err?.message ?? "no RESULT line"}\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`),
          );
          return;
        }
        resolve(JSON.parse(line.slice("RESULT ".length)) as T);
      },
    );
  });
}
