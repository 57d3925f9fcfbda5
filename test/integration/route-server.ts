import { createServer, type IncomingMessage, type Server } from "node:http";

export type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
/** A method, a path pattern (its named groups are the route's params) and the app/ route handler that answers it. */
export type Route = [string, RegExp, RouteHandler];

/**
 * Route handlers behind a real HTTP socket, as `next start` serves them: for tests whose client is
 * another process (the CLI, the MCP server), which can only reach the server over the network.
 */
export async function serveRoutes(port: number, routes: Route[]): Promise<Server> {
  const handle = async (incoming: IncomingMessage): Promise<Response> => {
    const url = new URL(incoming.url ?? "/", `http://localhost:${port}`);
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const headers = new Headers(Object.entries(incoming.headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value] as [string, string]] : [])));
    const request = new Request(url, { method: incoming.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    for (const [method, pattern, handler] of routes) {
      const match = pattern.exec(url.pathname);
      if (match && method === incoming.method) return handler(request, { params: Promise.resolve({ ...match.groups }) });
    }
    return new Response("not found", { status: 404 });
  };
  const http = createServer((incoming, outgoing) => {
    void handle(incoming).then(async (response) => {
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
  return http;
}

/** Stops the server, dropping connections a client left open (a long-poll, a keep-alive). */
export async function stopServer(server: Server | undefined): Promise<void> {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
}
