/** A JSON POST for tests: the status and the parsed body (or the text when it is not JSON). */
export async function postJson(url: string, body: unknown, raw?: string): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: raw ?? JSON.stringify(body) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** The context a trigger's answer reports it sent. */
export type SentContext = Record<string, string | Record<string, unknown> | undefined>;

export interface TriggerReply {
  readonly status: number;
  readonly body: { context: SentContext; ack: unknown; status: number; error?: { code: string; message: string } };
}

export async function triggerAt(bapUrl: string, action: string, input: unknown): Promise<TriggerReply> {
  const { status, body } = await postJson(`${bapUrl}/trigger/${action}`, input);
  return { status, body: body as TriggerReply["body"] };
}
