import { describe, expect, test } from "vitest";
import { parseFaults } from "./fault-set.js";
import { FAULT_IDS, FAULTS, type FaultId } from "./faults.js";
import type { Probe } from "./testing/fault-probe-kit.js";
import { BEHAVIOUR_PROBES } from "./testing/fault-probes-behaviour.js";
import { CONTEXT_PROBES } from "./testing/fault-probes-context.js";
import { FLOW_PROBES } from "./testing/fault-probes-flow.js";
import { RECEIVE_PROBES } from "./testing/fault-probes-receive.js";
import { WIRE_PROBES } from "./testing/fault-probes-wire.js";
import { ANSWER_PROBES } from "./testing/fault-probes-answers.js";
import { startTestNet } from "./testing/test-trade.js";

const PROBES: Readonly<Record<FaultId, Probe>> = { ...WIRE_PROBES, ...CONTEXT_PROBES, ...BEHAVIOUR_PROBES, ...FLOW_PROBES, ...ANSWER_PROBES, ...RECEIVE_PROBES };

describe("BPP faults: the table", () => {
  test("has at least 25 faults with unique <area>.<name> ids", () => {
    expect(FAULTS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(FAULT_IDS).size).toBe(FAULT_IDS.length);
    FAULT_IDS.forEach((id) => expect(id).toMatch(/^(sch|sig|aut|ctx|ack|tim|biz|flw|neg)\.[a-z0-9-]+$/));
  });

  test("every fault has a probe, and every probe a fault", () => {
    expect(Object.keys(PROBES).sort()).toEqual([...FAULT_IDS].sort());
  });

  test("an unknown fault id throws, listing the known ones", async () => {
    expect(() => parseFaults(["sig.tampered-digest", "no.such-fault"])).toThrow(/Unknown BPP fault "no\.such-fault"\. Known faults: sig\.tampered-digest, /);
    await expect(startTestNet({ faults: ["nope"] })).rejects.toThrow(/Known faults/);
  });
});

describe("BPP faults: each one's effect", () => {
  test.concurrent.for(FAULTS)("$id: $description", async (fault) => {
    const net = await startTestNet({ faults: [fault.id], grid: { compressedTransferMs: 300 } });
    try {
      await PROBES[fault.id](net);
    } finally {
      await net.close();
    }
  });
});
