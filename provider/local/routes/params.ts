/**
 * Reading wire parameters: `/sdk/*` arguments come from the (form-decoded) query string, `/mcp/*`
 * arguments from the JSON body. Every failure names the parameter.
 */
import { invalid, parseJsonObject } from "../models/errors";
import { assertNotReserved } from "../models/keyed";

/** Parameters that name an object (refused when reserved, models/keyed.ts). */
const ID_PARAMS = new Set(["id", "sessionId", "contextId", "SessionId", "ContextId"]);

function checked(name: string, v: string): string {
  if (ID_PARAMS.has(name)) assertNotReserved(name, v);
  return v;
}

export type Body = Record<string, unknown>;

export class Params {
  private parsed: URLSearchParams | undefined;

  constructor(
    private readonly rawQuery: string,
    readonly body: Body,
  ) {}

  /** Form-decoded (`+` = space) query, parsed on first use. */
  get query(): URLSearchParams {
    this.parsed ??= new URLSearchParams(this.rawQuery);
    return this.parsed;
  }

  /** Optional query parameter; "" counts as absent. */
  query1(name: string): string | undefined {
    const v = this.query.get(name);
    return v === null || v === "" ? undefined : checked(name, v);
  }

  /** Required, non-blank query parameter. */
  queryReq(name: string): string {
    const v = this.query.get(name);
    if (v === null || v.trim() === "") throw invalid(name, "is required");
    return checked(name, v);
  }

  /** Optional `"true"`/`"false"` query parameter. */
  queryBool(name: string, fallback: boolean): boolean {
    const v = this.query1(name);
    if (v === undefined) return fallback;
    if (v === "true") return true;
    if (v === "false") return false;
    throw invalid(name, `must be "true" or "false", got ${JSON.stringify(v)}`);
  }

  /** Optional query parameter restricted to `allowed`. */
  queryEnum<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const v = this.query1(name);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) {
      throw invalid(name, `unknown value ${JSON.stringify(v)} (allowed: ${allowed.join(", ")})`);
    }
    return v as T;
  }

  /** Optional body string field. */
  bodyStr(name: string): string | undefined {
    const v = Object.prototype.hasOwnProperty.call(this.body, name) ? this.body[name] : undefined;
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") throw invalid(name, "must be a string");
    return checked(name, v);
  }

  /** Required, non-blank body string field. */
  bodyReq(name: string): string {
    const v = this.bodyStr(name);
    if (v === undefined || v.trim() === "") throw invalid(name, "is required");
    return v;
  }
}

/** Parses a request body: empty, `{}` or a JSON object; anything else is an error. */
export function parseBody(raw: string): Body {
  if (raw.trim() === "") return {};
  return parseJsonObject("body", raw, "must be a JSON object");
}
