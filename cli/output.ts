/** Terminal styling: colour only on a TTY, never under CI or NO_COLOR. */
export interface Style {
  readonly pass: (s: string) => string;
  readonly fail: (s: string) => string;
  readonly warn: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string) => s;

export function styleFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): Style {
  const colour = stream.isTTY === true && !env["CI"] && env["NO_COLOR"] === undefined;
  if (!colour) {
    return { pass: plain, fail: plain, warn: plain, dim: plain, bold: plain };
  }
  return { pass: wrap(32, 39), fail: wrap(31, 39), warn: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

/** Control characters from a SUT or a file never reach the terminal raw. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
