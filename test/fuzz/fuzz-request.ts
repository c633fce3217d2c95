import { connect } from "node:net";
import { ackStatusOf, errorOf } from "../../protocol/ack.js";
import { postRaw } from "../../protocol/http/post.js";
import { TRIGGER_ERROR } from "../../mocks/bap/trigger-answer.js";

/**
 * One mutation the fuzz suite sends, and how its answer is judged. Every answer must be coded:
 * a Beckn ACK (2xx), or a Beckn NACK with an `error.code` (4xx); never a 5xx, never an empty or
 * uncoded body. The trigger API and the registry keep their own documented shapes.
 */
export type AnswerKind =
  /** A Beckn endpoint: `{"message":{"ack":{"status":"ACK"}}}` (2xx) or a coded NACK (4xx). */
  | "beckn"
  /**
   * `POST /trigger/<action>` (docs/bap-trigger-contract.md): 200 `{context, ack, status}` whose
   * `ack` is itself coded, or 4xx `{"error":{"code":"TRIGGER_…"}}`.
   */
  | "trigger"
  /** The registry's `/lookup`: 200 with an array, or a coded NACK. */
  | "lookup"
  /** The registry's `/subscribe`: 200 `{"status":"UNDER_SUBSCRIPTION"}`, or a coded NACK. */
  | "subscribe"
  /** The BAP's `GET /exchanges`: 200 with a JSON object. */
  | "exchanges"
  /** What the framework refuses, on any path (a trigger's included): a 4xx with an `error.code`. */
  | "refusal";

/** The bytes and headers of one send: fresh (a new message_id, timestamp and signature) on each call. */
export interface Wire {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A path to send to instead of the request's (an over-long URL). */
  readonly path?: string;
}

export interface FuzzRequest {
  /** What it is, e.g. `bpp /select: items = 40000 × null, signed by bapA`. */
  readonly name: string;
  /** The server's base URL and the path. */
  readonly url: string;
  readonly answer: AnswerKind;
  /** A fresh wire; absent for a raw request. */
  readonly wire?: () => Wire;
  /** GET instead of POST (no body). */
  readonly get?: true;
  /** A whole HTTP/1.1 request as text, for what fetch cannot send (no Host header). */
  readonly raw?: string;
  /** What else this answer must show; the reason when it does not. */
  readonly also?: (answer: Answer) => string | undefined;
}

export interface Answer {
  readonly status: number;
  readonly text: string;
  readonly body: unknown;
}

const ANSWER_DEADLINE_MS = 30_000;
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function rawExchange(url: string, request: string): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.setTimeout(ANSWER_DEADLINE_MS, () => socket.destroy(new Error("no answer within the deadline")));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const [head = "", ...rest] = Buffer.concat(chunks).toString("utf8").split("\r\n\r\n");
      const text = rest.join("\r\n\r\n");
      resolve({ status: Number(head.split(" ")[1]), text, body: parsed(text) });
    });
  });
}

/** Sends the request once (with this wire, else a fresh one); a network failure is an answer with status 0. */
export async function send(request: FuzzRequest, prepared?: Wire): Promise<Answer> {
  if (request.raw !== undefined) {
    return rawExchange(request.url, request.raw).catch((error: Error) => ({ status: 0, text: error.message, body: undefined }));
  }
  if (request.get) {
    return fetch(request.url, { signal: AbortSignal.timeout(ANSWER_DEADLINE_MS) })
      .then(async (response) => {
        const text = await response.text();
        return { status: response.status, text, body: parsed(text) };
      })
      .catch((error: Error) => ({ status: 0, text: error.message, body: undefined }));
  }
  const wire = prepared ?? request.wire?.() ?? { body: "", headers: {} };
  const url = wire.path !== undefined ? `${new URL(request.url).origin}${wire.path}` : request.url;
  const outcome = await postRaw(url, wire.body, wire.headers, { timeoutMs: ANSWER_DEADLINE_MS, maxResponseBytes: MAX_ANSWER_BYTES });
  return outcome.kind === "response"
    ? { status: outcome.status, text: outcome.rawBody, body: parsed(outcome.rawBody) }
    : { status: 0, text: `${outcome.failure}: ${outcome.detail}`, body: undefined };
}

const coded = (body: unknown): boolean => typeof errorOf(body)?.code === "string" && errorOf(body)?.code !== "";

/** Why a Beckn answer is not a 2xx ACK or a 4xx coded NACK; undefined when it is. */
function becknProblem(status: number, body: unknown): string | undefined {
  const ack = ackStatusOf(body);
  if (status >= 200 && status < 300 && ack === "ACK") {
    return undefined;
  }
  if (status >= 400 && status < 500 && ack === "NACK" && coded(body)) {
    return undefined;
  }
  return `HTTP ${status} is neither a 2xx ACK nor a 4xx NACK with error.code`;
}

/** The trigger contract's error codes for a refused trigger (docs/bap-trigger-contract.md). */
const TRIGGER_CODES: readonly unknown[] = Object.values(TRIGGER_ERROR).filter((code) => code !== TRIGGER_ERROR.internal);

function triggerProblem(answer: Answer): string | undefined {
  const body = answer.body as { ack?: unknown; status?: unknown; error?: { code?: unknown } } | undefined;
  if (answer.status === 200) {
    return typeof body?.status === "number"
      ? becknProblem(body.status, body.ack)?.replace(/^/, "the trigger's target answered: ")
      : "HTTP 200 without the trigger's {context, ack, status}";
  }
  const code = body?.error?.code;
  // What the framework refuses before the trigger runs (a body over the limit: 413) is a coded NACK, as at every server.
  const refused = TRIGGER_CODES.includes(code) || becknProblem(answer.status, answer.body) === undefined;
  return answer.status >= 400 && answer.status < 500 && refused
    ? undefined
    : `HTTP ${answer.status} is not a trigger answer (200, or 4xx with a TRIGGER_… error.code or a coded NACK)`;
}

function otherProblem(answer: Answer, kind: "lookup" | "subscribe" | "exchanges" | "refusal"): string | undefined {
  if (kind === "refusal") {
    return answer.status >= 400 && answer.status < 500 && coded(answer.body) ? undefined : `HTTP ${answer.status} is not a 4xx with error.code`;
  }
  if (kind === "exchanges") {
    return answer.status === 200 && typeof answer.body === "object" && answer.body !== null ? undefined : `HTTP ${answer.status} is not 200 with the exchanges`;
  }
  if (answer.status === 200) {
    const ok = kind === "lookup" ? Array.isArray(answer.body) : (answer.body as { status?: unknown } | undefined)?.status === "UNDER_SUBSCRIPTION";
    return ok ? undefined : `HTTP 200 with a body that is not a ${kind} answer`;
  }
  return becknProblem(answer.status, answer.body);
}

/** Why this answer breaks the rules (coded, no 5xx, plus the request's own `also`); undefined when it keeps them. */
export function answerProblem(request: FuzzRequest, answer: Answer): string | undefined {
  if (answer.status === 0) {
    return `no answer: ${answer.text}`;
  }
  const problem =
    answer.status >= 500
      ? `HTTP ${answer.status}`
      : request.answer === "beckn"
        ? becknProblem(answer.status, answer.body)
        : request.answer === "trigger"
          ? triggerProblem(answer)
          : otherProblem(answer, request.answer);
  const also = problem === undefined ? request.also?.(answer) : undefined;
  const found = problem ?? also;
  return found === undefined ? undefined : `${found}: ${answer.text.slice(0, 160)}`;
}
