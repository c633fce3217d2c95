/** Text helpers for report.html: everything that reaches the page goes through `esc`. */

/** Largest part of one body (or one evidence value) shown, in UTF-16 code units. */
export const MAX_SHOWN = 64 * 1024;

const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** The statuses of a result row, in the order report.html counts them. */
export const STATUSES = ["pass", "fail", "warn", "error", "skip"] as const;

/** A status as text coloured by its class. */
export function statusCell(status: string): string {
  const cls = (STATUSES as readonly string[]).includes(status) ? ` class="s-${status}"` : "";
  return `<span${cls}>${esc(status)}</span>`;
}

/** HTML-escapes text for element content and (quoted) attribute values. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Any value as readable text: strings as they are, everything else as indented JSON. */
export function asText(value: unknown): string {
  if (typeof value === "string") {
    return value;
  }
  if (value === undefined) {
    return "(none)";
  }
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A raw body pretty-printed when it is JSON, else as sent. */
export function prettyBody(raw: string): string {
  if (raw.trim() === "") {
    return "(empty body)";
  }
  try {
    return JSON.stringify(JSON.parse(raw) as unknown, null, 2);
  } catch {
    return raw;
  }
}

/** Escaped text in a <pre>, cut at MAX_SHOWN with a note saying how much was left out. */
export function pre(text: string, cls = "code"): string {
  const cut = text.length > MAX_SHOWN;
  const shown = cut ? text.slice(0, MAX_SHOWN) : text;
  const note = cut ? `<p class="note">Shown: the first ${MAX_SHOWN} of ${text.length} characters.</p>` : "";
  return `<pre class="${cls}">${esc(shown)}</pre>${note}`;
}

/** Headers as `name: value` lines (escaped by `pre`). */
export function headersText(headers: Readonly<Record<string, string | undefined>>): string {
  if (Object.keys(headers).length === 0) {
    return "(no headers)";
  }
  return Object.entries(headers)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v ?? ""}`)
    .join("\n");
}

export function ms(value: number | undefined): string {
  if (value === undefined) {
    return "–";
  }
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}
