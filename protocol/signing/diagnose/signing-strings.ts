/**
 * Signing strings a signer builds instead of BECKN-006's (three lines joined by `\n`, one space after
 * each colon, no trailing newline): other line breaks, order, spacing, a trailing newline, a
 * third line without `digest: ` or without `BLAKE-512=`, or other times.
 */
import { parseIsoDuration } from "../../formats.js";
import type { SignatureMistake } from "./types.js";

export interface StringForm {
  readonly mistake: SignatureMistake;
  /** "with its lines joined by \r\n" */
  readonly description: string;
  readonly text: string;
  readonly created?: number;
  readonly expires?: number;
}

interface Times {
  readonly created: number;
  readonly expires: number;
}

function lines({ created, expires }: Times, digest: string, colon = ": "): [string, string, string] {
  return [`(created)${colon}${created}`, `(expires)${colon}${expires}`, `digest${colon}BLAKE-512=${digest}`];
}

const ORDERS: ReadonlyArray<readonly [number, number, number]> = [
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
];

/** The same times and digest, written another way. */
export function layoutForms(times: Times, digest: string): StringForm[] {
  const [created, expires, digestLine] = lines(times, digest);
  const order = (o: readonly [number, number, number]): string => o.map((i) => [created, expires, digestLine][i]).join("\n");
  return [
    { mistake: "signing-string-crlf", description: "with its lines joined by \\r\\n", text: [created, expires, digestLine].join("\r\n") },
    ...ORDERS.map((o) => ({ mistake: "signing-string-order" as const, description: "with its lines in another order", text: order(o) })),
    { mistake: "signing-string-spacing", description: "without the space after each colon", text: lines(times, digest, ":").join("\n") },
    { mistake: "signing-string-spacing", description: "with two spaces after each colon", text: lines(times, digest, ":  ").join("\n") },
    { mistake: "signing-string-spacing", description: "with a space before each colon", text: lines(times, digest, " : ").join("\n") },
    { mistake: "signing-string-trailing-newline", description: "with a trailing newline", text: `${created}\n${expires}\n${digestLine}\n` },
    { mistake: "signing-string-no-digest-prefix", description: "whose last line lacks `digest: `", text: `${created}\n${expires}\nBLAKE-512=${digest}` },
    { mistake: "signing-string-no-digest-label", description: "whose last line lacks `BLAKE-512=`", text: `${created}\n${expires}\ndigest: ${digest}` },
  ];
}

function at(times: Times, digest: string, mistake: SignatureMistake, description: string): StringForm {
  return { mistake, description, text: lines(times, digest).join("\n"), ...times };
}

/** Unix seconds of a context's timestamp and ttl, when it has both. */
function contextTimes(body: unknown): { created: number; ttl: number } | undefined {
  const context = (body as { context?: Record<string, unknown> } | undefined)?.context;
  const stamp = typeof context?.["timestamp"] === "string" ? Date.parse(context["timestamp"]) : NaN;
  const ttl = parseIsoDuration(context?.["ttl"]);
  return Number.isFinite(stamp) && ttl !== undefined ? { created: Math.floor(stamp / 1000), ttl: Math.floor(ttl / 1000) } : undefined;
}

/** The header's created and expires in other units or off by a second, or the context's. */
export function timeForms(header: Times, digest: string, body: unknown): StringForm[] {
  const { created, expires } = header;
  const forms = [at({ created: created * 1000, expires: expires * 1000 }, digest, "times-in-milliseconds", "with created and expires in milliseconds")];
  for (const [dc, de] of [
    [-1, 0],
    [1, 0],
    [0, -1],
    [0, 1],
    [-1, -1],
    [1, 1],
    [-1, 1],
    [1, -1],
  ] as const) {
    forms.push(at({ created: created + dc, expires: expires + de }, digest, "times-off-by-one-second", "with other created and expires than the header's"));
  }
  const context = contextTimes(body);
  if (context !== undefined) {
    const fromContext = "with created and expires taken from the context's timestamp and ttl";
    forms.push(at({ created: context.created, expires: context.created + context.ttl }, digest, "times-from-context", fromContext));
    forms.push(at({ created: context.created, expires }, digest, "times-from-context", fromContext));
  }
  return forms;
}
