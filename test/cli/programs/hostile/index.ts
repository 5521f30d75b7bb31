/**
 * The CLI suite's program for a hostile service: a context, a ContextFile whose content is a
 * secret (its digest exported as a stack output), and one session (whose status poll the test's
 * hostile proxy answers with attacks).
 */
import * as pulumi from "@pulumi/pulumi";
import * as agb from "pulumi-agb";

const config = new pulumi.Config("hostile");
const work = new agb.Context("work", { name: `${pulumi.getProject()}-${pulumi.getStack()}-work` });
const file = new agb.ContextFile("secret-file", {
  contextId: work.contextId,
  path: "/secrets/password.txt",
  content: pulumi.secret(config.require("fileContent")),
});
const session = new agb.Session("s", { imageId: "agb-code-space-1" }, { dependsOn: [file] });

export const fileDigest = file.sha256;
export const fileSize = file.size;
export const sessionId = session.sessionId;
