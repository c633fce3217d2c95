import { createHash } from "node:crypto";
import { Decimal } from "../../fixtures/builders/index.js";

/**
 * The cumulative registers of the meters the grid has seen: an export register per source meter
 * and an import register per destination meter. A register starts at a value derived from the
 * meter's address (so logs are reproducible) and only grows, by exactly the energy moved.
 */
/**
 * How many registers the grid remembers (docs/limits.md "Stored bytes"): 100,000, each under a
 * digest of its name, so a meter address of any length costs the same. Past it the register used
 * least recently is forgotten: met again, it starts over from its initial reading.
 */
export const MAX_REGISTERS = 100_000;

export class MeterRegisters {
  /** By the digest of `direction|meter`. */
  readonly #values = new Map<string, Decimal>();

  /** The register's value now, a decimal string. */
  read(meter: string, direction: "export" | "import"): string {
    return this.#get(meter, direction).toFixed(3);
  }

  /** Adds `kwh` (a decimal string) to the register. */
  add(meter: string, direction: "export" | "import", kwh: string): void {
    const value = this.#get(meter, direction).plus(kwh);
    const key = digestOf(meter, direction);
    this.#values.delete(key);
    this.#values.set(key, value);
    if (this.#values.size > MAX_REGISTERS) {
      this.#values.delete(this.#values.keys().next().value as string);
    }
  }

  #get(meter: string, direction: "export" | "import"): Decimal {
    return this.#values.get(digestOf(meter, direction)) ?? initialReading(`${direction}|${meter}`);
  }
}

const digestOf = (meter: string, direction: string): string => createHash("sha256").update(`${direction}|${meter}`).digest("base64url");

/** 1000.00 to 9999.99 kWh, from a hash of the register's name. */
function initialReading(key: string): Decimal {
  const n = createHash("sha256").update(key).digest().readUInt32BE(0);
  return new Decimal(n % 900_000).div(100).plus(1000);
}
