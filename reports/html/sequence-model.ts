/**
 * What report.html's sequence view draws for one scenario, as data: the lanes (the harness, the SUT
 * and the gateway, harness participants and grid where they took part) and, in order, one arrow per
 * request, answer and callback, with what is wrong with it. Pure: sequence.ts draws it.
 */
import { callbackDeadline, type Exchange, type ReceivedCallback, type Role } from "../../results/index.js";
import { ms } from "./text.js";

export type Lane = { readonly id: string; readonly label: string; readonly note?: string };

/**
 * What the report says of an arrow: the first five are wrong; an unsolicited callback may be right
 * (an on_status after confirm), and a wait cut short by --max-time is no one's fault.
 */
export type Mark = "late" | "duplicate" | "unexpected" | "missing" | "no answer" | "unsolicited" | "not awaited";
export const WRONG_MARKS: ReadonlySet<Mark> = new Set<Mark>(["late", "duplicate", "unexpected", "missing", "no answer"]);

export type ArrowKind = "request" | "ack" | "nack" | "answer" | "callback" | "note";

export interface Arrow {
  readonly from: string;
  readonly to: string;
  readonly kind: ArrowKind;
  readonly label: string;
  /** Time relative to the exchange's request, e.g. "+440 ms"; empty for the request itself. */
  readonly time: string;
  readonly marks: readonly Mark[];
  /** The exchange's index in the report (its evidence is `#ex-<index>`). */
  readonly exchange: number;
}

export interface Sequence {
  readonly lanes: readonly Lane[];
  readonly arrows: readonly Arrow[];
  /** Arrows left out to keep the diagram bounded (a SUT that floods callbacks). */
  readonly omitted: number;
}

/** At most this many callbacks per exchange, and arrows per diagram, are drawn. */
export const MAX_CALLBACKS_DRAWN = 20;
export const MAX_ARROWS_DRAWN = 400;

const HARNESS = "harness";
const SUT = "sut";
const GATEWAY = "gateway";
const GRID = "grid";

/** What the harness plays opposite each role under test. */
const HARNESS_PLAYS: Readonly<Record<Role, string>> = { bpp: "BAP", bap: "BPP", gateway: "BAP", registry: "subscriber" };

/** A time relative to the exchange's request, as the report writes durations: "+440 ms", "+2.25 s". */
const relative = (msValue: number): string => `+${ms(Math.max(0, msValue))}`;

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Whether the SUT sent this request (a BAP's request to the harness), not the harness. */
function sentBySut(e: Exchange, role: Role, sutOrigins: ReadonlySet<string>): boolean {
  const origin = originOf(e.request.url);
  return role === "bap" && (origin === undefined || !sutOrigins.has(origin));
}

/** The lane of a harness participant a callback reached (a gateway under test forwards to several). */
const receiverLane = (c: ReceivedCallback): string => (c.receivedBy ? `${c.action.startsWith("on_") ? "bap" : "bpp"}:${c.receivedBy.subscriberId}` : HARNESS);

function ackOf(body: unknown): string | undefined {
  const status = (body as { message?: { ack?: { status?: unknown } } } | undefined)?.message?.ack?.status;
  return typeof status === "string" ? status : undefined;
}

function answerArrow(e: Exchange, index: number, from: string, to: string): Arrow {
  const r = e.response;
  if (r.kind === "failure") {
    return { from, to, kind: "answer", label: `no answer: ${r.failure}`, time: relative(r.ms), marks: ["no answer"], exchange: index };
  }
  const ack = ackOf(r.body);
  const kind: ArrowKind = ack === "ACK" && r.status < 300 ? "ack" : ack === "NACK" || r.status >= 400 ? "nack" : "answer";
  const label = `${kind === "ack" ? "ACK" : kind === "nack" ? "NACK" : "answer"} ${r.status}`;
  return { from, to, kind, label, time: relative(r.headersMs), marks: [], exchange: index };
}

/**
 * A second reply with the request's message_id to the same participant is a duplicate, except to a
 * search, which may be answered in parts (TIM-006's rule).
 */
function callbackMarks(e: Exchange, c: ReceivedCallback, seen: Set<string>): Mark[] {
  const marks: Mark[] = [];
  if (c.matchedBy === "unsolicited") {
    marks.push("unsolicited");
  } else if (c.matchedBy === "message_id" && e.action !== "search" && seen.has(receiverLane(c))) {
    marks.push("duplicate");
  }
  seen.add(receiverLane(c));
  if (e.expectation === "nack") {
    marks.push("unexpected");
  }
  if (c.receivedAt > callbackDeadline(e)) {
    marks.push("late");
  }
  return marks;
}

/**
 * What the SUT owed the harness after its ACK: the on_<action> of a request, or for a gateway the
 * message it forwards. A BAP's exchanges owe none: the harness's callbacks to it expect only an ACK.
 */
function owed(e: Exchange, role: Role): string | undefined {
  if (role === "bap" || (e.expectation !== "callback" && e.expectation !== "error-callback")) {
    return undefined;
  }
  if (role === "gateway") {
    return `${e.action} forwarded`;
  }
  return e.expectation === "error-callback" ? `on_${e.action} with an error` : `on_${e.action}`;
}

/** Whether the exchange needed a callback that never came (and the wait was not cut short by --max-time). */
function missing(e: Exchange, index: number, role: Role): Arrow | undefined {
  const label = owed(e, role);
  const acked = e.response.kind === "response" && e.response.status < 300;
  if (label === undefined || !acked || e.callbacks.some((c) => c.matchedBy !== "unsolicited")) {
    return undefined;
  }
  return { from: SUT, to: HARNESS, kind: "callback", label, time: "", marks: [e.cutShort ? "not awaited" : "missing"], exchange: index };
}

function callbackArrows(e: Exchange, index: number, role: Role): Arrow[] {
  const seen = new Set<string>();
  const drawn = e.callbacks.slice(0, MAX_CALLBACKS_DRAWN).map((c): Arrow => ({
    from: SUT,
    to: receiverLane(c),
    kind: "callback",
    label: c.action || "(no action)",
    time: relative(c.atMs),
    marks: callbackMarks(e, c, seen),
    exchange: index,
  }));
  const more = e.callbacks.length - drawn.length;
  const notes: Arrow[] = more > 0 ? [{ from: SUT, to: HARNESS, kind: "note", label: `${more} more callbacks`, time: "", marks: [], exchange: index }] : [];
  const absent = missing(e, index, role);
  return [...drawn, ...notes, ...(absent ? [absent] : [])];
}

function transferNote(e: Exchange, index: number): Arrow[] {
  const t = e.transfer;
  if (t === undefined) {
    return [];
  }
  const label = t.window ? `delivery window ${t.window.start} – ${t.window.end}` : "no delivery window";
  return [{ from: GRID, to: GRID, kind: "note", label: t.notExercised ? `${label} (not watched)` : label, time: "", marks: [], exchange: index }];
}

function exchangeArrows(e: Exchange, index: number, role: Role, sutOrigins: ReadonlySet<string>): Arrow[] {
  const request = (from: string, to: string): Arrow => ({ from, to, kind: "request", label: e.step || e.action, time: "", marks: [], exchange: index });
  if (sentBySut(e, role, sutOrigins)) {
    const to = e.viaGateway ? GATEWAY : HARNESS;
    return [request(SUT, to), answerArrow(e, index, to, SUT)];
  }
  const hops = e.viaGateway ? [request(HARNESS, GATEWAY), request(GATEWAY, SUT)] : [request(HARNESS, SUT)];
  const first = hops[0] as Arrow;
  return [...hops, answerArrow(e, index, first.to, HARNESS), ...callbackArrows(e, index, role), ...transferNote(e, index)];
}

function lanesOf(arrows: readonly Arrow[], role: Role, sutId: string): Lane[] {
  const used = new Set(arrows.flatMap((a) => [a.from, a.to]));
  const receivers = [...used].filter((id) => /^(bap|bpp):/.test(id));
  return [
    { id: HARNESS, label: `Harness ${HARNESS_PLAYS[role]}` },
    ...(used.has(GATEWAY) ? [{ id: GATEWAY, label: "Harness gateway" }] : []),
    { id: SUT, label: `SUT (${role.toUpperCase()})`, note: sutId },
    ...receivers.map((id) => ({ id, label: `Harness ${id.slice(0, 3).toUpperCase()}`, note: id.slice(4) })),
    ...(used.has(GRID) ? [{ id: GRID, label: "Grid operator" }] : []),
  ];
}

/** The sequence of one scenario's exchanges, each with its index in the report. */
export function sequenceOf(
  exchanges: readonly { readonly exchange: Exchange; readonly index: number }[],
  run: { readonly role: Role; readonly sutUrls: readonly string[]; readonly sutId: string },
): Sequence {
  const origins = new Set(run.sutUrls.flatMap((u) => originOf(u) ?? []));
  const all = exchanges.flatMap(({ exchange, index }) => exchangeArrows(exchange, index, run.role, origins));
  const arrows = all.slice(0, MAX_ARROWS_DRAWN);
  return { lanes: lanesOf(arrows, run.role, run.sutId), arrows, omitted: all.length - arrows.length };
}
