/**
 * What `mock bap` and `mock bpp` share: a reference mock started alone, knowing only a registry.
 * Its identity comes from a `keys generate` file (whose contents never appear in an error), its
 * public URL may differ from where it listens, and it runs until Ctrl-C or SIGTERM.
 */
import { readFileSync } from "node:fs";
import { HarnessError } from "../protocol/errors.js";
import { publicKeyFromPrivate } from "../protocol/keys.js";
import type { Identity, SubscriberType } from "../mocks/common/identity.js";

/** The options `mock bap` and `mock bpp` both take (parseArgs). */
export const STANDALONE_OPTIONS = {
  "registry-url": { type: "string" },
  id: { type: "string" },
  "key-file": { type: "string" },
  host: { type: "string" },
  port: { type: "string" },
  "public-url": { type: "string" },
  fault: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

function keyFileError(role: SubscriberType, path: string, what: string): never {
  throw new HarnessError("P2PC_ERR_KEY_FILE", `The ${role} key file ${path} ${what}. Give a file written by \`p2p-conformance keys generate\`.`);
}

/** A mock's identity from a `keys generate` file. */
export function identityFromKeyFile(path: string, type: SubscriberType, subscriberId: string): Identity {
  let file: Record<string, unknown>;
  try {
    file = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (error) {
    return keyFileError(type, path, `cannot be read as JSON (${(error as NodeJS.ErrnoException).code ?? "not JSON"})`);
  }
  const text = (name: string): string => (typeof file[name] === "string" ? (file[name] as string) : keyFileError(type, path, `has no ${name}`));
  const signingPrivateKey = text("signing_private_key");
  let signingPublicKey: string;
  try {
    signingPublicKey = publicKeyFromPrivate(signingPrivateKey);
  } catch {
    return keyFileError(type, path, "has an unusable signing_private_key");
  }
  if (file["signing_public_key"] !== undefined && file["signing_public_key"] !== signingPublicKey) {
    keyFileError(type, path, "has a signing_public_key that is not the public key of its signing_private_key");
  }
  return {
    subscriberId,
    type,
    uniqueKeyId: text("unique_key_id"),
    signingPublicKey,
    signingPrivateKey,
    encryptionPublicKey: text("encr_public_key"),
    encryptionPrivateKey: text("encr_private_key"),
  };
}

export function portOf(value: string, flag = "port"): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || value.trim() === "") {
    throw new HarnessError("P2PC_ERR_USAGE", `--${flag} "${value}" is not a port number (0–65535).`);
  }
  return port;
}

/** An absolute http(s) URL given as `--<flag>`, without a trailing slash (so `<url>/<action>` has one); else a usage error. */
export function httpUrlOf(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new HarnessError("P2PC_ERR_USAGE", `--${flag} ${JSON.stringify(value)} is not an absolute URL; give one such as https://bap.example.org/beckn.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new HarnessError("P2PC_ERR_USAGE", `--${flag} ${JSON.stringify(value)} must be an http or https URL.`);
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new HarnessError("P2PC_ERR_USAGE", `--${flag} ${JSON.stringify(value)} must be a base URL: no query, fragment or credentials.`);
  }
  return url.href.replace(/\/+$/, "");
}

/** `--public-url`: where the mock is reached from outside, put in its context instead of where it listens. */
export function publicUrlOf(value: string | undefined): { readonly publicUrl?: string } {
  return value === undefined ? {} : { publicUrl: httpUrlOf("public-url", value) };
}

/** Why a mock could not start, as the harness's error: a port in use, or a usage error (an unknown fault). */
export function startError(role: SubscriberType, error: NodeJS.ErrnoException): HarnessError {
  return new HarnessError(error.code === "EADDRINUSE" ? "P2PC_ERR_PORT_IN_USE" : "P2PC_ERR_USAGE", `Cannot start the ${role}: ${error.message}`);
}

/** Resolves on the first Ctrl-C or SIGTERM. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
