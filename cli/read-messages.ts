import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { HarnessError } from "../protocol/errors.js";

export interface RecordedMessage {
  /** Where the message came from: `file`, `file:line` for JSON lines, `file#index` for an array. */
  readonly source: string;
  readonly body: unknown;
  /** The line as written, for a message of a JSON-lines log: its bytes as logged. */
  readonly raw?: string;
}

export const MAX_INPUT_BYTES = 50 * 1024 * 1024;

function parseJsonLines(text: string, file: string): RecordedMessage[] | undefined {
  const messages: RecordedMessage[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") {
      continue;
    }
    try {
      messages.push({ source: `${file}:${index + 1}`, body: JSON.parse(line) as unknown, raw: line });
    } catch {
      return undefined;
    }
  }
  return messages;
}

/** The bytes of one input file, refused past `maxBytes` (`tooLarge` says what to do instead). */
export function readBounded(file: string, maxBytes: number, tooLarge: string): Buffer {
  try {
    if (statSync(file).size > maxBytes) {
      throw new HarnessError("P2PC_ERR_INPUT_TOO_LARGE", `${file}: larger than ${maxBytes / 1024 / 1024} MiB; ${tooLarge}`);
    }
    return readFileSync(file);
  } catch (error) {
    if (error instanceof HarnessError) {
      throw error;
    }
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new HarnessError("P2PC_ERR_INPUT_UNREADABLE", `${file}: cannot be read (${reason}).`);
  }
}

/** The text of one input file, refused past MAX_INPUT_BYTES. */
export const readInputText = (file: string): string => readBounded(file, MAX_INPUT_BYTES, "split it into smaller files.").toString("utf8");

/**
 * Reads the messages of one file. The whole file is parsed as JSON first (a top-level array is a
 * list of messages); it is read as JSON lines when its name ends in `.jsonl`, or when the whole
 * does not parse but every non-empty line does.
 */
export function readMessages(file: string): RecordedMessage[] {
  return messagesOfText(readInputText(file), file);
}

/** The messages of one file's text (readMessages' parsing, for a caller that read the text itself). */
export function messagesOfText(text: string, file: string): RecordedMessage[] {
  if (extname(file) === ".jsonl") {
    const lines = parseJsonLines(text, file);
    if (lines) {
      return lines;
    }
    throw new HarnessError("P2PC_ERR_INPUT_NOT_JSON", `${file}: a .jsonl file, but not every line is JSON.`);
  }
  try {
    const whole = JSON.parse(text) as unknown;
    return Array.isArray(whole) ? whole.map((body, i) => ({ source: `${file}#${i}`, body: body as unknown })) : [{ source: file, body: whole }];
  } catch (error) {
    const lines = parseJsonLines(text, file);
    if (lines && lines.length > 0) {
      return lines;
    }
    throw new HarnessError("P2PC_ERR_INPUT_NOT_JSON", `${file}: not JSON (${(error as Error).message}).`);
  }
}

/** Expands each path: a folder stands for the files directly inside it with one of `extensions` (`.json` and `.jsonl` by default). */
export function expandInputs(paths: readonly string[], extensions: readonly string[] = [".json", ".jsonl"]): string[] {
  return paths.flatMap((path) => {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      return [path]; // readMessages reports it
    }
    if (!isDirectory) {
      return [path];
    }
    return readdirSync(path)
      .filter((name) => extensions.includes(extname(name)))
      .sort()
      .map((name) => join(path, name));
  });
}
