import { describe, expect, test } from "vitest";
import { parseFaults } from "./fault-set.js";
import { FAULT_IDS, FAULTS, type FaultId } from "./faults.js";
import type { FaultProof } from "./testing/fault-proof-kit.js";
import { BEHAVIOUR_PROOFS } from "./testing/fault-proofs-behaviour.js";
import { CONTEXT_PROOFS } from "./testing/fault-proofs-context.js";
import { FLOW_PROOFS } from "./testing/fault-proofs-flow.js";
import { RECEIVE_PROOFS } from "./testing/fault-proofs-receive.js";
import { WIRE_PROOFS } from "./testing/fault-proofs-wire.js";
import { ANSWER_PROOFS } from "./testing/fault-proofs-answers.js";
import { startTestNet } from "./testing/test-trade.js";

const PROOFS: Readonly<Record<FaultId, FaultProof>> = {
  ...WIRE_PROOFS,
  ...CONTEXT_PROOFS,
  ...BEHAVIOUR_PROOFS,
  ...FLOW_PROOFS,
  ...ANSWER_PROOFS,
  ...RECEIVE_PROOFS,
};

describe("BPP faults: the table", () => {
  test("has at least 25 faults with unique <area>.<name> ids", () => {
    expect(FAULTS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(FAULT_IDS).size).toBe(FAULT_IDS.length);
    FAULT_IDS.forEach((id) => expect(id).toMatch(/^(sch|sig|aut|ctx|ack|tim|biz|flw|neg)\.[a-z0-9-]+$/));
  });

  test("every fault has a proof, and every proof a fault", () => {
    expect(Object.keys(PROOFS).sort()).toEqual([...FAULT_IDS].sort());
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
      await PROOFS[fault.id](net);
    } finally {
      await net.close();
    }
  });
});
