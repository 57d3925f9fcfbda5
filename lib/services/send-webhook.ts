import "server-only";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { parseRetryAfter } from "@/lib/domain/webhooks/retry-schedule";
import { guardedLookup, isAllowedTarget, RefusedTargetError } from "./webhook-target";

/** What one attempt came to. `errorClass` is null only when the receiver answered 2xx; nothing of the response body is kept. */
export type SendOutcome = { statusCode: number | null; durationMs: number; errorClass: string | null; retryAfterMs: number | null };

/**
 * POSTs one signed body to a receiver through the SSRF guard, with a deadline. Redirects are not
 * followed (a 3xx is a failure: following one would carry the signed body wherever the receiver
 * points). The response body is drained and discarded unread.
 */
export async function sendWebhook(
  url: URL,
  body: string,
  headers: Record<string, string>,
  { timeoutMs, signal, now = () => new Date() }: { timeoutMs: number; signal?: AbortSignal; now?: () => Date },
): Promise<SendOutcome> {
  const started = performance.now();
  const done = (statusCode: number | null, errorClass: string | null, retryAfterMs: number | null = null): SendOutcome => ({
    statusCode,
    durationMs: Math.round(performance.now() - started),
    errorClass,
    retryAfterMs,
  });
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // A literal address never goes through a lookup, so the guard checks it here.
  if (isIP(host) && !isAllowedTarget(host)) return done(null, "refused_target");
  const client = url.protocol === "https:" ? https : http;
  return new Promise<SendOutcome>((resolve) => {
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "Countersign-Webhooks/1", ...headers },
        lookup: guardedLookup,
        timeout: timeoutMs,
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
        agent: false,
      },
      (response) => {
        response.resume();
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          const retryAfter = status === 429 || status === 503 ? parseRetryAfter(headerValue(response.headers["retry-after"]), now()) : null;
          resolve(done(status, status >= 200 && status < 300 ? null : "http_status", retryAfter));
        });
        response.on("error", () => resolve(done(response.statusCode ?? null, "connection")));
      },
    );
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.on("error", (error) => resolve(done(null, errorClass(error))));
    request.end(body);
  });
}

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** A class of failure for administrators: enough to act on, nothing that could echo a secret. */
function errorClass(error: Error): string {
  if (error instanceof RefusedTargetError) return "refused_target";
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (error.name === "AbortError" || error.name === "TimeoutError" || error.message === "timeout" || code === "ETIMEDOUT" || code === "ABORT_ERR") return "timeout";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "dns";
  if (code.startsWith("ERR_TLS") || code.includes("CERT") || code === "EPROTO") return "tls";
  if (code === "ECONNREFUSED" || code === "ECONNRESET" || code === "EPIPE" || code === "EHOSTUNREACH" || code === "ENETUNREACH") return "connection";
  return "other";
}
