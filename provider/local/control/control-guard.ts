/**
 * Who may use the `/_local/` control API: only a program on this machine that means to. A web page
 * in a browser on the same machine can reach a loopback port too (a form post, or a DNS name
 * rebound to 127.0.0.1), so a request is refused when its `Host` is not a loopback name (or the
 * address agb-local was explicitly bound to), when its `Origin` (or `Sec-Fetch-Site`) says another
 * site sent it, or when it changes something without a JSON content type (which a page can send
 * cross-site only after a CORS preflight, which agb-local never grants).
 */
import type { IncomingMessage } from "node:http";

/** True for loopback addresses and `localhost`. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return (
    h === "localhost" || h.endsWith(".localhost") || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === "::ffff:127.0.0.1"
  );
}

/** The host name of a `Host` header value (`name:port`, `[v6]:port`), lower-cased; "" when unparsable. */
function hostnameOf(hostHeader: string): string {
  try {
    return new URL(`http://${hostHeader}`).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  } catch {
    return "";
  }
}

/**
 * The reason to refuse a control request, or undefined to serve it. `boundHost` is the address
 * given at start: when it is not loopback (only with `allowRemote`), that name is accepted too.
 */
export function controlRefusal(req: IncomingMessage, boundHost: string): string | undefined {
  const host = hostnameOf(req.headers.host ?? "");
  const bound = boundHost.replace(/^\[|\]$/g, "").toLowerCase();
  const hostOk = isLoopbackHost(host) || (bound !== "0.0.0.0" && bound !== "::" && host === bound);
  if (!hostOk)
    return `Host ${JSON.stringify(req.headers.host ?? "")} is not a loopback name: the control API answers only requests addressed to this machine`;
  const fetchSite = req.headers["sec-fetch-site"];
  if (fetchSite === "cross-site" || fetchSite === "same-site") return "cross-site requests are refused (Sec-Fetch-Site)";
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let originHost = "";
    try {
      originHost = new URL(origin).host.toLowerCase();
    } catch {
      /* "null" or garbage: refused below */
    }
    if (originHost !== (req.headers.host ?? "").toLowerCase())
      return `Origin ${JSON.stringify(origin)} is another site: cross-site requests are refused`;
  }
  const method = req.method ?? "GET";
  if (method !== "GET" && method !== "HEAD") {
    const type = String(req.headers["content-type"] ?? "")
      .split(";")[0]
      .trim()
      .toLowerCase();
    if (type !== "application/json") return `${method} needs content-type application/json, got ${JSON.stringify(type)}`;
  }
  return undefined;
}
