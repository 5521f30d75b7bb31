/**
 * The sync policy with every documented default (docs/agb-protocol.md §15), written out here once
 * rather than taken from the code under test, so a test comparing against it checks the code.
 */

/** The defaults as they stand on the wire (`persistenceDataList[].policy`). */
export const WIRE_DEFAULT_POLICY = {
  uploadPolicy: { autoUpload: true, uploadStrategy: "UploadBeforeResourceRelease", uploadMode: "File" },
  downloadPolicy: { autoDownload: true, downloadStrategy: "DownloadAsync" },
  deletePolicy: { syncLocalFile: true },
  extractPolicy: { extract: true, deleteSrcFile: true, extractToCurrentFolder: false },
  recyclePolicy: { lifecycle: "Lifecycle_Forever", paths: [""] },
  bwList: { whiteLists: [] },
};

/** The same defaults as a Session's inputs name them (the SDK's `extractCurrentFolder`). */
export const INPUT_DEFAULT_POLICY = {
  ...WIRE_DEFAULT_POLICY,
  extractPolicy: { extract: true, deleteSrcFile: true, extractCurrentFolder: false },
};
