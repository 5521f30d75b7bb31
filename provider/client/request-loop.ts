/**
 * Runs one AGB operation: attempts through the transport, judges each answer, and retries as the
 * retry policy decides, within the operation's deadline. One log line per attempt.
 */
import { AgbError } from "./errors";
import { MAX_ERROR_MESSAGE_CHARS, cleanServerText } from "./server-text";
import type { AnswerContext } from "./answer";
import { decideRetry, isIdempotentOperation } from "./retry-policy";
import type { Transport, WireRequest } from "./transport";

/** Timing and logging settings of a runner. */
export interface RunnerSettings {
  requestTimeoutMs: number;
  retryDeadlineMs: number;
  maxAttempts: number;
  logger?: (line: string) => void;
  /** Random source for jitter. Default: `Math.random`. */
  random?: () => number;
}

/** What the runner needs from a transport (a structural type, so tests can script attempts). */
export type AttemptSender = Pick<Transport, "send" | "secret">;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Executes requests with retries for one client. */
export class RequestRunner {
  constructor(
    private readonly transport: AttemptSender,
    private readonly settings: RunnerSettings,
  ) {}

  /**
   * Sends `req` and decodes the answer with `decode` (which throws typed errors for failures).
   * `idempotent` defaults to the operation table of the retry policy.
   */
  async run<T>(req: WireRequest, decode: (ctx: AnswerContext) => T, idempotent = isIdempotentOperation(req.operation)): Promise<T> {
    const { requestTimeoutMs, retryDeadlineMs, maxAttempts } = this.settings;
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const attemptStart = Date.now();
      const remaining = Math.max(1, retryDeadlineMs - (attemptStart - started));
      let status = 0;
      let requestId = "";
      try {
        const response = await this.transport.send(req, Math.min(requestTimeoutMs, remaining), remaining);
        status = response.status;
        requestId = response.requestIdHeader ?? "";
        const ctx: AnswerContext = { operation: req.operation, response, secret: this.transport.secret };
        const result = decode(ctx);
        this.log(req.operation, attempt, status, ctx.requestId || requestId, attemptStart, "ok");
        return result;
      } catch (error) {
        const agbError = error instanceof AgbError ? error : wrapUnexpected(req.operation, error, this.transport.secret);
        const decision = decideRetry({
          attempt,
          error: agbError,
          operationIsIdempotent: idempotent,
          elapsedMs: Date.now() - started,
          deadlineMs: retryDeadlineMs,
          maxAttempts,
          random: this.settings.random,
        });
        if (this.settings.logger) {
          const outcome =
            `${agbError.name}:${agbError.code}` + (decision.retry ? ` retryInMs=${decision.delayMs}` : ` final=${decision.reason}`);
          this.log(req.operation, attempt, agbError.httpStatus || status, agbError.requestId || requestId, attemptStart, outcome);
        }
        if (!decision.retry) throw agbError;
        await sleep(decision.delayMs);
      }
    }
  }

  private log(operation: string, attempt: number, status: number, requestId: string, start: number, outcome: string): void {
    if (!this.settings.logger) return;
    // Only facts chosen here go into the line: never headers, URLs with secrets or request bodies.
    const line = `agb ${operation} attempt=${attempt} status=${status} requestId=${cleanServerText(requestId, this.transport.secret) || "-"} ms=${Date.now() - start} ${outcome}`;
    try {
      this.settings.logger(cleanServerText(line, this.transport.secret, MAX_ERROR_MESSAGE_CHARS));
    } catch {
      // A failing log sink must not fail the operation.
    }
  }
}

/** A bug or an unexpected throw inside decoding: surface it typed, without retrying. */
function wrapUnexpected(operation: string, error: unknown, secret: string): AgbError {
  const message = error instanceof Error ? error.message : String(error);
  return new AgbError(`AGB ${operation} failed unexpectedly: ${message}`, {
    code: "ClientError",
    httpStatus: 0,
    requestId: "",
    operation,
    requestMayHaveBeenSent: true,
    secret,
  });
}
