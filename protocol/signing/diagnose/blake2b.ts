/**
 * BLAKE2b (RFC 7693) with any digest length from 1 to 64 bytes, unkeyed. node:crypto offers only
 * the 64-byte form (`blake2b512`); the diagnoser needs BLAKE2b-256 too, the digest a signer gets
 * from libraries whose default output is 32 bytes. 64-bit words are pairs of 32-bit halves.
 */
const IV = new Uint32Array([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a, 0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b,
  0x1f83d9ab, 0x137e2179, 0x5be0cd19,
]);

const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

/** v[a] += v[b] (64-bit, as low/high halves at 2a, 2a+1). */
function add64(v: Uint32Array, a: number, b: number): void {
  const lo = (v[a] ?? 0) + (v[b] ?? 0);
  v[a + 1] = (v[a + 1] ?? 0) + (v[b + 1] ?? 0) + (lo >= 0x100000000 ? 1 : 0);
  v[a] = lo;
}

/** v[a] += (lo, hi). */
function addWord(v: Uint32Array, a: number, lo: number, hi: number): void {
  const sum = (v[a] ?? 0) + lo;
  v[a + 1] = (v[a + 1] ?? 0) + hi + (sum >= 0x100000000 ? 1 : 0);
  v[a] = sum;
}

/** v[a] = rotr64(v[a] ^ v[b], n) for n in 16, 24, 32, 63. */
function xorRotate(v: Uint32Array, a: number, b: number, n: number): void {
  const lo = (v[a] ?? 0) ^ (v[b] ?? 0);
  const hi = (v[a + 1] ?? 0) ^ (v[b + 1] ?? 0);
  if (n === 32) {
    v[a] = hi;
    v[a + 1] = lo;
  } else if (n < 32) {
    v[a] = (lo >>> n) ^ (hi << (32 - n));
    v[a + 1] = (hi >>> n) ^ (lo << (32 - n));
  } else {
    const m = n - 32;
    v[a] = (hi >>> m) ^ (lo << (32 - m));
    v[a + 1] = (lo >>> m) ^ (hi << (32 - m));
  }
}

function mix(v: Uint32Array, m: Uint32Array, a: number, b: number, c: number, d: number, x: number, y: number): void {
  add64(v, a, b);
  addWord(v, a, m[x] ?? 0, m[x + 1] ?? 0);
  xorRotate(v, d, a, 32);
  add64(v, c, d);
  xorRotate(v, b, c, 24);
  add64(v, a, b);
  addWord(v, a, m[y] ?? 0, m[y + 1] ?? 0);
  xorRotate(v, d, a, 16);
  add64(v, c, d);
  xorRotate(v, b, c, 63);
}

/** The four column mixes, then the four diagonal ones, of one round with the message schedule `s`. */
const LANES: ReadonlyArray<readonly [number, number, number, number]> = [
  [0, 8, 16, 24],
  [2, 10, 18, 26],
  [4, 12, 20, 28],
  [6, 14, 22, 30],
  [0, 10, 20, 30],
  [2, 12, 22, 24],
  [4, 14, 16, 26],
  [6, 8, 18, 28],
];

function round(v: Uint32Array, m: Uint32Array, s: readonly number[]): void {
  LANES.forEach(([a, b, c, d], i) => mix(v, m, a, b, c, d, (s[2 * i] ?? 0) * 2, (s[2 * i + 1] ?? 0) * 2));
}

function words(block: Uint8Array): Uint32Array {
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  return Uint32Array.from({ length: 32 }, (_, i) => view.getUint32(i * 4, true));
}

function compress(h: Uint32Array, block: Uint8Array, counter: number, last: boolean): void {
  const v = new Uint32Array(32);
  v.set(h);
  v.set(IV, 16);
  v[24] = (v[24] ?? 0) ^ counter;
  v[25] = (v[25] ?? 0) ^ Math.floor(counter / 0x100000000);
  if (last) {
    v[28] = ~(v[28] ?? 0);
    v[29] = ~(v[29] ?? 0);
  }
  const m = words(block);
  for (const s of SIGMA.concat(SIGMA.slice(0, 2))) {
    round(v, m, s);
  }
  for (let i = 0; i < 16; i++) {
    h[i] = (h[i] ?? 0) ^ (v[i] ?? 0) ^ (v[i + 16] ?? 0);
  }
}

/** The unkeyed BLAKE2b digest of `data`, `outputLength` bytes long (1..64). */
export function blake2b(data: Uint8Array, outputLength: number): Uint8Array {
  const h = new Uint32Array(IV);
  h[0] = (h[0] ?? 0) ^ (0x01010000 | outputLength);
  const block = new Uint8Array(128);
  let offset = 0;
  // Every full block but the last is compressed as it comes; the last (possibly empty) is flagged.
  while (data.length - offset > 128) {
    block.set(data.subarray(offset, offset + 128));
    offset += 128;
    compress(h, block, offset, false);
  }
  block.fill(0);
  block.set(data.subarray(offset));
  compress(h, block, data.length, true);
  const out = new Uint8Array(outputLength);
  for (let i = 0; i < outputLength; i++) {
    out[i] = (h[i >> 2] ?? 0) >>> (8 * (i & 3));
  }
  return out;
}
