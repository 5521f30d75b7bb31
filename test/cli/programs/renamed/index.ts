/** One Session named by `renamed:name`, with `renamed:alias` (an earlier name) as its alias when set. */
import * as pulumi from "@pulumi/pulumi";
import * as agb from "pulumi-agb";

const config = new pulumi.Config("renamed");
const alias = config.get("alias");
const session = new agb.Session(
  config.get("name") ?? "first",
  { imageId: "agb-code-space-1", labels: { team: "renamed" } },
  alias ? { aliases: [{ name: alias }] } : {},
);

export const sessionId = session.sessionId;
