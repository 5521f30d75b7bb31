/**
 * zod schemas of AGB answers: tolerant of extra and optional fields (the cloud adds fields over
 * time, nulls are common), strict on the fields the client needs.
 */
import { z } from "zod";

/** An optional string field; null and absent both become undefined. */
const optString = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);
/** Times and sizes arrive as numbers or numeric strings depending on the SDK era. */
const optNumber = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v) => (v === null || v === undefined || v === "" ? undefined : Number(v)))
  .refine((v) => v === undefined || Number.isFinite(v), "must be a number");
const optText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? undefined : String(v)));

/** The common envelope (camelCase). Pagination fields live at top level for list calls. */
export const envelopeSchema = z.looseObject({
  success: z.unknown().optional(),
  code: optText,
  message: optText,
  requestId: optString,
  httpStatusCode: optNumber,
  data: z.unknown().optional(),
  nextToken: optString,
  maxResults: optNumber,
  count: optNumber,
  totalCount: optNumber,
});
export type Envelope = z.output<typeof envelopeSchema>;

/** releaseSessionAsync / refreshSessionIdleTime answers: maybe under `body`, maybe PascalCase. */
export const pascalEnvelopeSchema = z.looseObject({
  Success: z.unknown().optional(),
  Code: optText,
  Message: optText,
  RequestId: optString,
  HttpStatusCode: optNumber,
  Data: z.unknown().optional(),
});

export const createSessionDataSchema = z.looseObject({
  sessionId: optString,
  resourceUrl: optString,
  appInstanceId: optString,
  resourceId: optString,
  linkUrl: optString,
  wsUrl: optString,
  token: optString,
  success: z.boolean().nullish(),
  errMsg: optString,
});

export const sessionDetailsSchema = z.looseObject({
  sessionId: optString,
  status: optString,
  Status: optString,
  resourceUrl: optString,
  appInstanceId: optString,
  resourceId: optString,
  linkUrl: optString,
  wsUrl: optString,
  token: optString,
});

export const sessionListSchema = z
  .array(z.looseObject({ sessionId: z.string().min(1), sessionStatus: optString }))
  .nullish()
  .transform((v) => v ?? []);

export const labelsDataSchema = z.looseObject({
  labels: z.union([z.string(), z.record(z.string(), z.string())]).nullish(),
  /** GetLabel pages: the token of the next page sits inside `data` (the SDKs' GetLabelResponse). */
  nextToken: z.string().nullish(),
});

export const labelMapSchema = z.record(z.string(), z.string());

export const contextSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  state: optString,
  createTime: optText,
  lastUsedTime: optText,
});

export const contextListSchema = z
  .union([
    z.array(contextSchema),
    z.looseObject({
      contexts: z.array(contextSchema).nullish(),
      nextToken: optString,
      maxResults: optNumber,
      totalCount: optNumber,
    }),
  ])
  .nullish();

export const contextInfoDataSchema = z.looseObject({ contextStatus: z.string().nullish() });

/** One envelope inside the decoded `contextStatus` array. */
export const contextStatusItemSchema = z.looseObject({ type: z.string().nullish(), data: z.unknown().optional() });

export const syncTaskSchema = z.looseObject({
  contextId: z.string(),
  path: z.string(),
  status: z.string(),
  taskType: z.string(),
  startTime: optNumber,
  finishTime: optNumber,
  errorMessage: optString,
});

export const contextFileSchema = z.looseObject({
  fileId: optString,
  fileName: z.string(),
  filePath: z.string(),
  fileType: optString,
  gmtCreate: optText,
  gmtModified: optText,
  size: optNumber,
  status: optString,
});

export const contextFilesSchema = z
  .union([z.array(contextFileSchema), z.looseObject({ files: z.array(contextFileSchema).nullish(), count: optNumber })])
  .nullish();

export const fileUrlSchema = z.looseObject({ url: z.string().min(1), expireTime: optNumber });
