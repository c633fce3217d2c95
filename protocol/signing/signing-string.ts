export interface SigningStringInput {
  readonly created: number;
  readonly expires: number;
  /** Base64 BLAKE-512 digest of the raw body. */
  readonly digest: string;
}

/** The BECKN-006 signing string: three lines joined by `\n`, no trailing newline. */
export function buildSigningString({ created, expires, digest }: SigningStringInput): string {
  return `(created): ${created}\n(expires): ${expires}\ndigest: BLAKE-512=${digest}`;
}
