/** Next.js calls this once per server process before serving: tracing starts here when configured. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await (await import("./lib/observability/tracing")).startTracing();
}
