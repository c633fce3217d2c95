import { SIGNED_HEADERS } from "./header.js";

/**
 * The challenge a receiver returns with a 401 for a bad signature (BECKN-006 step 5):
 * in `WWW-Authenticate` for `Authorization`, in `Proxy-Authenticate` for the gateway's header.
 */
export function wwwAuthenticateValue(realm: string): string {
  const quoted = realm.replace(/["\\]/g, (char) => `\\${char}`);
  return `Signature realm="${quoted}",headers="${SIGNED_HEADERS}"`;
}
