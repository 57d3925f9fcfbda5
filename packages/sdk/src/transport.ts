import { ProblemError, type Problem } from "./errors.js";

export type RetryOptions = {
  /** Tries in all, the first included (default 5). */
  attempts?: number;
  /** The first backoff; each next one doubles, with full jitter (default 250 ms). */
  baseDelayMs?: number;
  /** No single backoff is longer than this, a server's Retry-After included (default 10 s). */
  maxDelayMs?: number;
};

export type TransportOptions = {
  baseUrl: string;
  apiKey: string;
  fetch: typeof fetch;
  retry: Required<RetryOptions>;
};

type CallOptions = { method?: "GET" | "POST"; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal; authenticated?: boolean };

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

function retryAfterSeconds(response: Response): number | undefined {
  const value = Number(response.headers.get("retry-after"));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The problem+json an error answer carries, or one made from its status when a proxy answered instead. */
async function readProblem(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text) as Problem;
    if (body && typeof body === "object" && typeof body.status === "number" && typeof body.title === "string") return body;
  } catch {
    // not JSON: a load balancer's page, say; its text is not passed on (it may be anything)
  }
  return { type: "about:blank", title: response.statusText || "HTTP error", status: response.status };
}

/**
 * One API call, retried on network errors and 5xx answers with exponential backoff. Only calls that
 * are safe to repeat come here: reads, and writes that carry an Idempotency-Key or that the server
 * accepts once. An abort is never retried.
 */
export async function callApi<T>(transport: TransportOptions, path: string, options: CallOptions = {}): Promise<{ status: number; body: T }> {
  const { method = "GET", body, headers = {}, signal, authenticated = true } = options;
  const { attempts, baseDelayMs, maxDelayMs } = transport.retry;
  const url = new URL(path, transport.baseUrl);
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await transport.fetch(url, {
        method,
        signal,
        headers: {
          accept: "application/json, application/problem+json",
          ...(authenticated ? { authorization: `Bearer ${transport.apiKey}` } : {}),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      if (signal?.aborted || attempt >= attempts) throw signal?.aborted ? signal.reason : error;
      await sleep(backoff(attempt, baseDelayMs, maxDelayMs), signal);
      continue;
    }
    if (response.ok) return { status: response.status, body: (await response.json()) as T };
    const problem = await readProblem(response);
    const after = retryAfterSeconds(response);
    if (response.status < 500 || attempt >= attempts) throw new ProblemError(problem, after);
    await sleep(after === undefined ? backoff(attempt, baseDelayMs, maxDelayMs) : Math.min(after * 1000, maxDelayMs), signal);
  }
}

/** Full jitter (a random wait up to base·2^(n−1)), so many agents retrying after an outage do not arrive together. */
function backoff(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
}

