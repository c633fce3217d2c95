import { createHash } from "node:crypto";
import { Decimal } from "../../fixtures/builders/index.js";

/**
 * The cumulative registers of the meters the grid has seen: an export register per source meter
 * and an import register per destination meter. A register starts at a value derived from the
 * meter's address (so logs are reproducible) and only grows, by exactly the energy moved.
 */
export class MeterRegisters {
  readonly #values = new Map<string, Decimal>();

  /** The register's value now, a decimal string. */
  read(meter: string, direction: "export" | "import"): string {
    return this.#get(meter, direction).toFixed(3);
  }

  /** Adds `kwh` (a decimal string) to the register. */
  add(meter: string, direction: "export" | "import", kwh: string): void {
    this.#values.set(`${direction}|${meter}`, this.#get(meter, direction).plus(kwh));
  }

  #get(meter: string, direction: "export" | "import"): Decimal {
    const key = `${direction}|${meter}`;
    const known = this.#values.get(key);
    if (known) {
      return known;
    }
    const start = initialReading(key);
    this.#values.set(key, start);
    return start;
  }
}

/** 1000.00 to 9999.99 kWh, from a hash of the register's name. */
function initialReading(key: string): Decimal {
  const n = createHash("sha256").update(key).digest().readUInt32BE(0);
  return new Decimal(n % 900_000).div(100).plus(1000);
}
