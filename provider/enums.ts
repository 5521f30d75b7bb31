/**
 * Enum constants named as in the AGB SDK docs. Their values are the wire strings, so a program may
 * use either `agb.UploadMode.ARCHIVE` or the literal `"Archive"`.
 */

/** How uploaded files are packed (`uploadPolicy.uploadMode`). */
export const UploadMode = {
  FILE: "File",
  ARCHIVE: "Archive",
} as const;
/** A wire value of {@link UploadMode}. */
export type UploadMode = (typeof UploadMode)[keyof typeof UploadMode];

/** How long recycled paths are kept (`recyclePolicy.lifecycle`). */
export const Lifecycle = {
  LIFECYCLE_1DAY: "Lifecycle_1Day",
  LIFECYCLE_3DAYS: "Lifecycle_3Days",
  LIFECYCLE_5DAYS: "Lifecycle_5Days",
  LIFECYCLE_10DAYS: "Lifecycle_10Days",
  LIFECYCLE_15DAYS: "Lifecycle_15Days",
  LIFECYCLE_30DAYS: "Lifecycle_30Days",
  LIFECYCLE_90DAYS: "Lifecycle_90Days",
  LIFECYCLE_180DAYS: "Lifecycle_180Days",
  LIFECYCLE_360DAYS: "Lifecycle_360Days",
  LIFECYCLE_FOREVER: "Lifecycle_Forever",
} as const;
/** A wire value of {@link Lifecycle}. */
export type Lifecycle = (typeof Lifecycle)[keyof typeof Lifecycle];

/** When uploads happen (`uploadPolicy.uploadStrategy`); AGB knows one value. */
export const UploadStrategy = {
  UPLOAD_BEFORE_RESOURCE_RELEASE: "UploadBeforeResourceRelease",
} as const;
/** A wire value of {@link UploadStrategy}. */
export type UploadStrategy = (typeof UploadStrategy)[keyof typeof UploadStrategy];

/** How downloads happen (`downloadPolicy.downloadStrategy`); AGB knows one value. */
export const DownloadStrategy = {
  DOWNLOAD_ASYNC: "DownloadAsync",
} as const;
/** A wire value of {@link DownloadStrategy}. */
export type DownloadStrategy = (typeof DownloadStrategy)[keyof typeof DownloadStrategy];
