import {
  AgbError,
  AgbInvalidParameterError,
  AgbClient,
  DEFAULT_ENDPOINT,
  normalizeEndpoint,
  resolveClientOptions,
} from "../../dist/client";

test("default endpoint", () => {
  expect(DEFAULT_ENDPOINT).toBe("https://sdk-api.agb.cloud");
});

test.each([
  ["sdk-api.agb.cloud", "https://sdk-api.agb.cloud"],
  ["https://sdk-api.agb.cloud/", "https://sdk-api.agb.cloud"],
  ["http://127.0.0.1:8787", "http://127.0.0.1:8787"],
  ["  http://127.0.0.1:8787//  ", "http://127.0.0.1:8787"],
  ["127.0.0.1:8787", "https://127.0.0.1:8787"],
  ["HTTP://Example.com/base/", "HTTP://Example.com/base"],
])("normalizeEndpoint(%j) = %j", (input, expected) => {
  expect(normalizeEndpoint(input)).toBe(expected);
});

test("normalizeEndpoint rejects empty input, naming the field", () => {
  expect(() => normalizeEndpoint(" ")).toThrow(AgbInvalidParameterError);
  expect(() => normalizeEndpoint(" ")).toThrow(/endpoint/);
});

test("environment fallbacks: AGB_API_KEY, AGB_ENDPOINT, AGB_TIMEOUT_MS", () => {
  const r = resolveClientOptions({}, { AGB_API_KEY: "k1", AGB_ENDPOINT: "local.test:9/", AGB_TIMEOUT_MS: "1234" });
  expect(r).toMatchObject({
    apiKey: "k1",
    endpoint: "https://local.test:9",
    requestTimeoutMs: 1234,
    retryDeadlineMs: 120000,
    maxAttempts: 10,
  });
  const d = resolveClientOptions({}, { AGB_API_KEY: "k1" });
  expect(d.endpoint).toBe(DEFAULT_ENDPOINT);
  expect(d.requestTimeoutMs).toBe(60000);
});

test("explicit options win over the environment", () => {
  const r = resolveClientOptions(
    { apiKey: "k2", endpoint: "http://a", requestTimeoutMs: 5 },
    { AGB_API_KEY: "k1", AGB_ENDPOINT: "b", AGB_TIMEOUT_MS: "9" },
  );
  expect(r).toMatchObject({ apiKey: "k2", endpoint: "http://a", requestTimeoutMs: 5 });
});

test("invalid numbers are refused with the field name", () => {
  expect(() => resolveClientOptions({ apiKey: "k", requestTimeoutMs: 0 }, {})).toThrow(/requestTimeoutMs/);
  expect(() => resolveClientOptions({ apiKey: "k" }, { AGB_TIMEOUT_MS: "abc" })).toThrow(/requestTimeoutMs/);
});

test("a missing API key says how to set it", () => {
  const saved = process.env.AGB_API_KEY;
  delete process.env.AGB_API_KEY;
  try {
    let error: unknown;
    try {
      new AgbClient({ endpoint: "http://127.0.0.1:1" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AgbError);
    expect((error as Error).message).toContain("set agb:apiKey (pulumi config set --secret agb:apiKey ...) or AGB_API_KEY");
    expect(() => resolveClientOptions({ apiKey: "   " }, {})).toThrow(/AGB_API_KEY/);
  } finally {
    if (saved !== undefined) process.env.AGB_API_KEY = saved;
  }
});

test("AgbClient reads the environment at construction", () => {
  const saved = { ...process.env };
  process.env.AGB_API_KEY = "env-key";
  process.env.AGB_ENDPOINT = "http://127.0.0.1:5/";
  try {
    expect(new AgbClient().endpoint).toBe("http://127.0.0.1:5");
  } finally {
    process.env.AGB_API_KEY = saved.AGB_API_KEY;
    process.env.AGB_ENDPOINT = saved.AGB_ENDPOINT;
    if (saved.AGB_API_KEY === undefined) delete process.env.AGB_API_KEY;
    if (saved.AGB_ENDPOINT === undefined) delete process.env.AGB_ENDPOINT;
  }
});
