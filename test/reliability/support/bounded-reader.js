// Child process of the hostile-service row: reads a 200 MB and an endless body through the built
// client (default cap) from the hostile server at argv[2], then prints its peak RSS and the error
// codes as one JSON line. Its own process, so the peak is the client's alone.
const { AgbClient } = require("../../../dist/client");

async function main() {
  const [endpoint, apiKey] = process.argv.slice(2);
  const client = new AgbClient({ endpoint, apiKey, maxAttempts: 3, retryDeadlineMs: 60_000 });
  const codes = [];
  for (let i = 0; i < 2; i++) {
    try {
      await client.getSessionInfo("s-1");
      codes.push("ok");
    } catch (err) {
      codes.push(err.code);
    }
  }
  process.stdout.write(`${JSON.stringify({ codes, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(String((err && err.stack) || err));
    process.exit(1);
  },
);
