/**
 * report.html's sequence view: per scenario, an inline SVG sequence diagram of its exchanges (lanes
 * for the harness, the SUT and whoever else took part; one arrow per request, answer and callback,
 * with its time relative to the request). Every arrow links to its exchange's evidence (#ex-N).
 * No script, no external reference: styling is in presentation attributes, every text is escaped.
 */
import type { Exchange, RunResult } from "../../results/index.js";
import { sequenceOf, WRONG_MARKS, type Arrow, type Lane, type Sequence } from "./sequence-model.js";
import { esc } from "./text.js";

/** Lanes share about the page's width: wide enough for a label, never too wide for three. */
const laneWidth = (lanes: number): number => Math.round(Math.min(320, Math.max(170, 1060 / Math.max(1, lanes))));
const MARGIN = 16;
const HEAD_H = 48;
const ROW_H = 26;
/** Average width of one 11 px character, for cutting labels to the space between two lanes. */
const CHAR_W = 6.3;

const COLOURS = {
  request: "#1d232a",
  ack: "#3a8f4f",
  nack: "#c77b21",
  answer: "#66707a",
  callback: "#3b6ea5",
  note: "#66707a",
  bad: "#9b1c1c",
  aside: "#6d2a8f",
} as const;
const DASHED = new Set<Arrow["kind"]>(["ack", "nack", "answer"]);

/** Where lanes stand in one diagram. */
interface Layout {
  readonly laneW: number;
  readonly x: (lane: number) => number;
}

function layoutOf(lanes: number): Layout {
  const laneW = laneWidth(lanes);
  return { laneW, x: (i) => MARGIN + i * laneW + laneW / 2 };
}

function cut(text: string, room: number): string {
  const max = Math.max(4, Math.floor(room / CHAR_W));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function laneHead(lane: Lane, i: number, { laneW, x: xOf }: Layout): string {
  const x = xOf(i);
  const note = lane.note ? `<text x="${x}" y="34" text-anchor="middle" fill="#66707a">${esc(cut(lane.note, laneW - 16))}</text>` : "";
  return (
    `<rect x="${x - laneW / 2 + 6}" y="4" width="${laneW - 12}" height="36" rx="4" fill="#f3f5f7" stroke="#d6dbe0"/>` +
    `<text x="${x}" y="19" text-anchor="middle" font-weight="600">${esc(cut(lane.label, laneW - 16))}</text>${note}`
  );
}

function arrowText(a: Arrow): string {
  return [a.label, a.time, ...a.marks.map((m) => `[${m}]`)].filter((s) => s !== "").join(" ");
}

function colourOf(a: Arrow): string {
  if (a.marks.some((m) => WRONG_MARKS.has(m))) {
    return COLOURS.bad;
  }
  if (a.marks.includes("not awaited")) {
    return COLOURS.note;
  }
  return a.marks.includes("unsolicited") ? COLOURS.aside : COLOURS[a.kind];
}

/** A note on one lane (the grid's delivery window, callbacks left out). */
function noteShape(a: Arrow, x: number, y: number, laneW: number): string {
  const text = cut(arrowText(a), 2 * laneW - 20);
  const w = Math.min(2 * laneW - 12, text.length * CHAR_W + 12);
  return `<rect x="${x - w / 2}" y="${y - 13}" width="${w}" height="18" fill="#fffbe6" stroke="#d6c27a"/><text x="${x}" y="${y}" text-anchor="middle">${esc(text)}</text>`;
}

function lineShape(a: Arrow, x1: number, x2: number, y: number): string {
  const colour = colourOf(a);
  const dir = x2 > x1 ? 1 : -1;
  const end = x2 - dir * 3;
  const dash = DASHED.has(a.kind) || a.marks.includes("missing") || a.marks.includes("not awaited") ? ` stroke-dasharray="5 3"` : "";
  const head = a.marks.includes("missing")
    ? `<path d="M${end - 5} ${y - 5}L${end + 5} ${y + 5}M${end - 5} ${y + 5}L${end + 5} ${y - 5}" stroke="${colour}" stroke-width="2"/>`
    : `<polygon points="${end},${y} ${end - dir * 8},${y - 4} ${end - dir * 8},${y + 4}" fill="${colour}"/>`;
  const text = cut(arrowText(a), Math.abs(x2 - x1) - 8);
  const weight = a.kind === "request" ? ` font-weight="600"` : "";
  return (
    `<line x1="${x1 + dir * 3}" y1="${y}" x2="${end}" y2="${y}" stroke="${colour}" stroke-width="1.5"${dash}/>${head}` +
    `<text x="${(x1 + x2) / 2}" y="${y - 5}" text-anchor="middle" fill="${colour}"${weight}>${esc(text)}</text>`
  );
}

function arrowShape(a: Arrow, row: number, column: ReadonlyMap<string, number>, layout: Layout): string {
  const y = HEAD_H + 22 + row * ROW_H;
  const x1 = layout.x(column.get(a.from) ?? 0);
  const x2 = layout.x(column.get(a.to) ?? 0);
  const shape = a.from === a.to ? noteShape(a, x1, y, layout.laneW) : lineShape(a, x1, x2, y);
  return `<a href="#ex-${a.exchange}"><title>${esc(arrowText(a))}</title>${shape}</a>`;
}

/** A light band behind the rows of each exchange a check failed, erred or warned on. */
function bands(seq: Sequence, flagged: ReadonlySet<number>, width: number): string {
  return seq.arrows
    .map((a, row) => (flagged.has(a.exchange) ? `<rect x="0" y="${HEAD_H + 6 + row * ROW_H}" width="${width}" height="${ROW_H}" fill="#fdf0f0"/>` : ""))
    .join("");
}

/** The rules between exchanges: a faint line where the next exchange's rows begin. */
function separators(seq: Sequence, width: number): string {
  return seq.arrows
    .map((a, row) =>
      row > 0 && seq.arrows[row - 1]?.exchange !== a.exchange
        ? `<line x1="0" x2="${width}" y1="${HEAD_H + 6 + row * ROW_H}" y2="${HEAD_H + 6 + row * ROW_H}" stroke="#eceff2"/>`
        : "",
    )
    .join("");
}

/** One scenario's diagram as inline SVG. */
export function sequenceSvg(seq: Sequence, flagged: ReadonlySet<number>, title: string): string {
  const layout = layoutOf(seq.lanes.length);
  const width = 2 * MARGIN + seq.lanes.length * layout.laneW;
  const rows = seq.arrows.length + (seq.omitted > 0 ? 1 : 0);
  const height = HEAD_H + 16 + rows * ROW_H;
  const column = new Map(seq.lanes.map((lane, i) => [lane.id, i]));
  const lifelines = seq.lanes
    .map((_, i) => `<line x1="${layout.x(i)}" x2="${layout.x(i)}" y1="40" y2="${height - 4}" stroke="#c3c9cf" stroke-dasharray="2 3"/>`)
    .join("");
  const omitted =
    seq.omitted > 0 ? `<text x="${MARGIN}" y="${height - 10}" fill="#66707a">${seq.omitted} more arrows not drawn; every exchange is below.</text>` : "";
  return (
    `<svg class="sequence" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `font-family="system-ui,sans-serif" font-size="11" fill="#1d232a">` +
    bands(seq, flagged, width) +
    separators(seq, width) +
    lifelines +
    seq.lanes.map((lane, i) => laneHead(lane, i, layout)).join("") +
    seq.arrows.map((a, row) => arrowShape(a, row, column, layout)).join("") +
    omitted +
    `</svg>`
  );
}

const LEGEND =
  "Solid arrows are requests (bold) and callbacks, dashed ones the synchronous answers (ACK green, NACK orange); " +
  "times are relative to each exchange's request. Red marks what is wrong: late, duplicate, unexpected (a callback to a request that had to be refused), missing or no answer; " +
  "purple an unsolicited callback (allowed within --max-unsolicited); " +
  "a shaded row belongs to an exchange a check flagged. Click an arrow for its evidence.";

/** The "Sequence" section: one diagram per scenario, in the order the scenarios ran; open where a check flagged an exchange. */
export function sequenceSection(result: RunResult, flaggedIds: ReadonlySet<string>): string {
  const byScenario = new Map<string, { exchange: Exchange; index: number }[]>();
  result.exchanges.forEach((exchange, index) => {
    const list = byScenario.get(exchange.scenario) ?? [];
    list.push({ exchange, index });
    byScenario.set(exchange.scenario, list);
  });
  if (byScenario.size === 0) {
    return `<p class="note">No exchanges to draw.</p>`;
  }
  const run = { role: result.role, sutUrls: [result.sut.url, ...(result.sut.publicUrl ? [result.sut.publicUrl] : [])], sutId: result.sut.subscriberId };
  const diagrams = [...byScenario].map(([scenario, list]) => {
    const flagged = new Set(list.filter(({ exchange }) => flaggedIds.has(exchange.id)).map(({ index }) => index));
    const title = `Sequence of scenario ${scenario}`;
    const summary = `${scenario} · ${list.length} exchange${list.length === 1 ? "" : "s"}${flagged.size > 0 ? ` · ${flagged.size} flagged` : ""}`;
    return (
      `<details class="seq" id="seq-${esc(scenario)}"${flagged.size > 0 ? " open" : ""}><summary>${esc(summary)}</summary>` +
      `<div class="seq-scroll">${sequenceSvg(sequenceOf(list, run), flagged, title)}</div></details>`
    );
  });
  return `<p class="note">${esc(LEGEND)}</p>\n${diagrams.join("\n")}`;
}
