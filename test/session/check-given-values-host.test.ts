/**
 * Check failures show what the user wrote, through the real host. The engine prints a failure's
 * value by looking its property up as a top-level input, so a nested path prints `{<nil>}`
 * (given-values.ts); the reason of a nested failure therefore quotes the value given there.
 */
import { useHostAndLocal } from "../support/host-fixture";
import { sessionNews, SESSION_URN as URN } from "../support/host-news";

const fixture = useHostAndLocal({ apiKey: "akm-host-given-values" });

const news = (extra: Record<string, unknown>) => sessionNews({ imageId: "img", ...extra });

test("a nested failure quotes the value given at its path; a top-level one and one that already quotes it are left as they are", async () => {
  const r = await fixture.host.check(
    URN,
    {},
    news({
      imageId: 7,
      labels: { team: 5, "a.b": ["x"] },
      idleTimeoutSeconds: "soon",
      contextSyncs: [
        { contextId: "c1", path: "relative/dir" },
        { contextId: "c2", path: "/b", policy: { uploadPolicy: { uploadMode: "archive" } } },
      ],
    }),
  );
  const byProperty = Object.fromEntries(r.failures.map((f) => [f.property, f.reason]));
  expect(byProperty["labels.team"]).toMatch(/ \(given: 5\)$/);
  expect(byProperty['labels["a.b"]']).toMatch(/ \(given: \["x"\]\)$/);
  expect(byProperty["contextSyncs[0].path"]).toMatch(/ \(given: "relative\/dir"\)$/);
  expect(byProperty["contextSyncs[1].policy.uploadPolicy.uploadMode"]).toBe('unknown value "archive"; expected one of: File, Archive');
  expect(byProperty.imageId).not.toContain("given");
  expect(byProperty.idleTimeoutSeconds).not.toContain("given");
});
