// Fixture of `npm run time:failing-up` (copied over a temp copy of examples/quickstart's index.ts):
// the program's own code fails inside an `apply`, so the error's stack runs through the SDK's
// output.js, whose frames source-map-support rewrites when the SDK ships its *.js.map files.
import * as pulumi from "@pulumi/pulumi";
import * as agb from "pulumi-agb";

const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;
new agb.Context("work", { name: `${prefix}-work` });

export const broken = pulumi.output(prefix).apply((p) => {
  throw new Error(`time-failing-up: thrown inside an apply (${p})`);
});
