// Fixture of `npm run time:failing-up` (copied over a temp copy of examples/quickstart's index.ts):
// a program whose only AGB call is a lookup, run with a wrong key or a mistyped endpoint: a new
// user's first typo.
import * as agb from "pulumi-agb";

export const running = agb.getSessions({ status: "RUNNING" }).then((r) => r.sessionIds);
