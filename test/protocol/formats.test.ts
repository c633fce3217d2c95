import { describe, expect, test } from "vitest";
import { isRfc3339DateTime, isUuid, isZonelessDateTime, parseIsoDuration } from "../../protocol/formats.js";

describe("parseIsoDuration", () => {
  test.for([
    ["PT10S", 10_000],
    ["PT10M", 600_000],
    ["PT1H30M", 5_400_000],
    ["P1D", 86_400_000],
    ["PT0.5S", 500],
    ["P1W", 604_800_000],
  ] as const)("reads %s as %i ms", ([text, ms]) => {
    expect(parseIsoDuration(text)).toBe(ms);
  });
  test.for(["", "P", "PT", "10S", "PT10", "P1M2", "pt10s", "PT-1S"])("refuses %j", (text) => {
    expect(parseIsoDuration(text)).toBeUndefined();
  });
  test("refuses a non-string", () => {
    expect(parseIsoDuration(10)).toBeUndefined();
  });
});

describe("date-times", () => {
  // RFC 3339 §5.6 NOTE lets a space stand for the T, as ajv's date-time does.
  test.for(["2025-05-09T10:00:00Z", "2025-05-09T10:00:00.123+05:30", "2025-05-09t10:00:00z", "2025-05-09 10:00:00Z"])("%s is RFC 3339", (v) => {
    expect(isRfc3339DateTime(v)).toBe(true);
  });
  test.for(["2025-05-09T10:00:00", "2025-05-09 10:00:00", "2025-13-40T10:00:00Z", "yesterday"])("%s is not RFC 3339", (v) => {
    expect(isRfc3339DateTime(v)).toBe(false);
  });
  test("a zone-less date-time is recognised as the guide writes it", () => {
    expect(isZonelessDateTime("2024-10-04T10:00:00")).toBe(true);
    expect(isZonelessDateTime("2024-10-04T10:00:00Z")).toBe(false);
  });
});

describe("isUuid", () => {
  test("accepts a v4 uuid and refuses the guide's ids", () => {
    expect(isUuid("6743e9e2-4fb5-487c-92b7-13ba8018f176")).toBe(true);
    expect(isUuid("search-message-001")).toBe(false);
  });
});
