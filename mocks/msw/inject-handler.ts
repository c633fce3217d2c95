import type { FastifyInstance } from "fastify";
import { http, HttpResponse, type HttpHandler } from "msw";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length"]);

/**
 * An msw handler that answers every request under `baseUrl` with a mock's own fastify app, through
 * `app.inject()`: the same routes, pipeline and faults as the HTTP server, with no socket.
 */
export function injectHandler(baseUrl: string, app: FastifyInstance): HttpHandler {
  const base = new URL(baseUrl);
  return http.all(`${base.origin}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const method = request.method as "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS";
    const payload = method === "GET" || method === "HEAD" ? undefined : Buffer.from(await request.arrayBuffer());
    const response = await app.inject({ method, url: `${url.pathname}${url.search}`, headers, ...(payload ? { payload } : {}) });
    const outHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) {
        outHeaders.set(name, Array.isArray(value) ? value.join(", ") : String(value));
      }
    }
    return new HttpResponse(response.rawPayload, { status: response.statusCode, headers: outHeaders });
  });
}
