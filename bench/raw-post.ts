import http from "node:http";

/**
 * The plainest POST there is, for the baselines: node:http over a kept-alive connection, the answer
 * read whole, no bounds, no signing. The harness and the mocks send through node:http too
 * (protocol/http/transport.ts), so ours and the baselines pay for the same HTTP client.
 */
export function rawPost(url: string, body: string, headers: Readonly<Record<string, string>> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers },
    });
    request.on("error", reject);
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      response.on("error", reject);
    });
    request.end(body);
  });
}
