import { expect, test } from "vitest";
import { EXPIRY_SKEW_MS, expiredOnArrival } from "./message-expiry.js";

const now = Date.parse("2026-12-04T12:00:00.000Z");
const stampedAgo = (ms: number, ttl: unknown = "PT10S") => ({ timestamp: new Date(now - ms).toISOString(), ttl });

test.for([
  { name: "within its ttl", context: stampedAgo(9_000), expired: false },
  { name: "past its ttl but within the skew", context: stampedAgo(10_000 + EXPIRY_SKEW_MS), expired: false },
  { name: "past its ttl and the skew", context: stampedAgo(10_001 + EXPIRY_SKEW_MS), expired: true },
  { name: "an hour old with a ttl of a day", context: stampedAgo(3_600_000, "P1D"), expired: false },
  { name: "without a ttl (the profile judges that)", context: { timestamp: new Date(now - 3_600_000).toISOString() }, expired: false },
  { name: "with a timestamp that is not a date", context: { timestamp: "yesterday", ttl: "PT10S" }, expired: false },
])("a message $name has expired on arrival: $expired", ({ context, expired }) => {
  expect(expiredOnArrival(context, now)).toBe(expired);
});
