import { sign, type KeyObject } from "node:crypto";
import { systemClock, type Clock } from "../clock.js";
import { BoundedCache } from "../bounded-cache.js";
import { importPrivateKey } from "../keys.js";
import { blake2b512Base64 } from "./digest.js";
import { formatSignatureHeader } from "./header.js";
import { buildSigningString } from "./signing-string.js";

export interface SignBodyOptions {
  readonly rawBody: Uint8Array | string;
  readonly subscriberId: string;
  readonly uniqueKeyId: string;
  /** Base64 of a 32-byte seed or a 64-byte seed‖public key, or an imported ed25519 KeyObject. */
  readonly privateKey: string | KeyObject;
  /** Unix seconds; defaults to now. */
  readonly created?: number;
  /** Unix seconds; defaults to created + validitySeconds. */
  readonly expires?: number;
  readonly now?: Clock;
  /** Defaults to 60. */
  readonly validitySeconds?: number;
}

export interface SignedBody {
  /** The whole header value, `Signature keyId=...`. */
  readonly header: string;
  readonly created: number;
  readonly expires: number;
  readonly digest: string;
  readonly signature: string;
}

const DEFAULT_VALIDITY_SECONDS = 60;
const CACHE_LIMIT = 32;
const keyCache = new BoundedCache<string, KeyObject>(CACHE_LIMIT);

function keyFor(privateKey: string | KeyObject): KeyObject {
  if (typeof privateKey !== "string") {
    if (privateKey.type !== "private" || privateKey.asymmetricKeyType !== "ed25519") {
      throw new Error(`The signing key is a ${privateKey.type} ${privateKey.asymmetricKeyType ?? ""} key; expected an ed25519 private key.`);
    }
    return privateKey;
  }
  return keyCache.getOrCreate(privateKey, importPrivateKey);
}

function checkText(name: string, value: string): void {
  if (value === "" || /[|"\r\n]/.test(value)) {
    throw new Error(`The ${name} ${JSON.stringify(value)} cannot go in a keyId; expected a non-empty value without |, " or line breaks.`);
  }
}

function checkSeconds(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`The ${name} time ${value} is not a whole number of Unix seconds.`);
  }
}

/** Signs a raw body as BECKN-006 says, returning the header value and its parts. */
export function signBody(options: SignBodyOptions): SignedBody {
  const { rawBody, subscriberId, uniqueKeyId } = options;
  checkText("subscriber id", subscriberId);
  checkText("unique key id", uniqueKeyId);
  const key = keyFor(options.privateKey);
  const created = options.created ?? Math.floor((options.now ?? systemClock)() / 1000);
  const expires = options.expires ?? created + (options.validitySeconds ?? DEFAULT_VALIDITY_SECONDS);
  checkSeconds("created", created);
  checkSeconds("expires", expires);
  const digest = blake2b512Base64(rawBody);
  const signingString = buildSigningString({ created, expires, digest });
  const signature = sign(null, Buffer.from(signingString, "utf8"), key).toString("base64");
  const header = formatSignatureHeader({ subscriberId, uniqueKeyId, created, expires, signature });
  return { header, created, expires, digest, signature };
}
