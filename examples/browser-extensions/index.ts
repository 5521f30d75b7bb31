import * as pulumi from "@pulumi/pulumi";
import * as agb from "pulumi-agb";
import { zipFolder } from "./zip-folder";

// Stack config (all optional): imageId, labels (a JSON map), idleTimeoutSeconds, extensionIds
// (a JSON list that replaces the example's own extension).
const config = new pulumi.Config();
const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;

// Cookies, local storage and the like, kept between sessions.
const browserData = new agb.Context("browser-data", { name: `${prefix}-browser` });
// Extension archives live here as /tmp/extensions/<id>, ids `ext_<32 hex>.zip`.
const extensions = new agb.Context("extensions", { name: `${prefix}-extensions`, forceDestroy: true });
// The tiny extension in ./extension, zipped the same way on every run (so its id is stable).
const hello = new agb.BrowserExtension("hello", {
  contextId: extensions.contextId,
  source: zipFolder("extension", "build/hello-extension.zip"),
});

const browser = new agb.Session("browser", {
  imageId: config.get("imageId") ?? "agb-browser-use-1",
  labels: config.getObject<Record<string, string>>("labels") ?? { role: "browser" },
  idleTimeoutSeconds: config.getNumber("idleTimeoutSeconds"),
  browserContext: {
    contextId: browserData.contextId,
    autoUpload: true,
    extensionOption: {
      contextId: extensions.contextId,
      extensionIds: config.getObject<string[]>("extensionIds") ?? [hello.extensionId],
    },
  },
});

export const browserContextId = browserData.contextId;
export const extensionContextId = extensions.contextId;
export const sessionId = browser.sessionId;
export const extensionId = hello.extensionId;
