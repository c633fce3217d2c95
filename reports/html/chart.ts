import type { Exchange } from "../../results/index.js";
import { esc, ms } from "./text.js";

interface Row {
  readonly label: string;
  readonly ack: number | undefined;
  readonly first: number | undefined;
  readonly last: number | undefined;
}

const ROW_H = 46;
const LABEL_W = 230;
const BAR_W = 440;
const COLOURS = { ack: "#3b6ea5", first: "#3a8f4f", last: "#c77b21" } as const;

function rowOf(e: Exchange): Row {
  const ack = e.response.kind === "response" ? e.response.headersMs : undefined;
  const times = e.callbacks.map((c) => c.atMs);
  const label = `${e.action || "?"} · ${e.step || e.id}`;
  return { label, ack, first: times.length ? Math.min(...times) : undefined, last: times.length ? Math.max(...times) : undefined };
}

function bar(y: number, value: number | undefined, max: number, colour: string, name: string): string {
  if (value === undefined) {
    return `<text x="${LABEL_W}" y="${y + 10}" class="none">no ${name}</text>`;
  }
  const w = Math.max(1, (Math.max(0, value) / max) * BAR_W);
  return (
    `<rect x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="12" fill="${colour}"><title>${name}: ${esc(ms(value))}</title></rect>` +
    `<text x="${(LABEL_W + w + 4).toFixed(1)}" y="${y + 10}">${esc(ms(value))}</text>`
  );
}

/** Inline SVG: per exchange, the ACK latency (response headers) and first/last callback latency. */
export function latencyChart(exchanges: readonly Exchange[]): string {
  const rows = exchanges.map(rowOf);
  if (rows.length === 0) {
    return `<p class="note">No exchanges to chart.</p>`;
  }
  const max = Math.max(1, ...rows.flatMap((r) => [r.ack ?? 0, r.first ?? 0, r.last ?? 0]));
  const height = rows.length * ROW_H + 30;
  const width = LABEL_W + BAR_W + 80;
  const body = rows
    .map((r, i) => {
      const y = 24 + i * ROW_H;
      const label = r.label.length > 34 ? `${r.label.slice(0, 33)}…` : r.label;
      return (
        `<text x="0" y="${y + 22}" class="label">${esc(label)}</text>` +
        bar(y, r.ack, max, COLOURS.ack, "ACK") +
        bar(y + 13, r.first, max, COLOURS.first, "first callback") +
        bar(y + 26, r.last, max, COLOURS.last, "last callback")
      );
    })
    .join("");
  const legend =
    `<rect x="${LABEL_W}" y="2" width="10" height="10" fill="${COLOURS.ack}"/><text x="${LABEL_W + 14}" y="11">ACK (response headers)</text>` +
    `<rect x="${LABEL_W + 170}" y="2" width="10" height="10" fill="${COLOURS.first}"/><text x="${LABEL_W + 184}" y="11">first callback</text>` +
    `<rect x="${LABEL_W + 290}" y="2" width="10" height="10" fill="${COLOURS.last}"/><text x="${LABEL_W + 304}" y="11">last callback</text>`;
  return `<svg class="chart" role="img" aria-label="Latency per exchange" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${legend}${body}</svg>`;
}
