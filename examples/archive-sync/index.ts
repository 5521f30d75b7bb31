import * as pulumi from "@pulumi/pulumi";
import * as agb from "pulumi-agb";

// Stack config (all optional): imageId, labels (a JSON map), idleTimeoutSeconds.
const config = new pulumi.Config();
const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;

const project = new agb.Context("project", { name: `${prefix}-project` });

// Uploads go as one archive, extracted on download; only src/ and docs/ are synced, minus build
// output and dependencies.
const builder = new agb.Session("builder", {
  imageId: config.get("imageId") ?? "agb-code-space-1",
  labels: config.getObject<Record<string, string>>("labels") ?? { role: "builder" },
  idleTimeoutSeconds: config.getNumber("idleTimeoutSeconds"),
  contextSyncs: [
    {
      contextId: project.contextId,
      path: "/home/wuying/project",
      policy: {
        uploadPolicy: {
          autoUpload: true,
          uploadStrategy: agb.UploadStrategy.UPLOAD_BEFORE_RESOURCE_RELEASE,
          uploadMode: agb.UploadMode.ARCHIVE,
        },
        extractPolicy: { extract: true, deleteSrcFile: true, extractCurrentFolder: false },
        bwList: {
          whiteLists: [
            { path: "src", excludePaths: ["src/build", "src/node_modules"] },
            { path: "docs", excludePaths: ["docs/_site"] },
          ],
        },
      },
    },
  ],
});

export const contextId = project.contextId;
export const sessionId = builder.sessionId;
