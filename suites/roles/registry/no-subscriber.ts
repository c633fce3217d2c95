/**
 * When none of the harness's subscribers could become SUBSCRIBED (the registry's challenges could
 * not be answered), the checks that need one cannot run: they are reported `skip` with the reason,
 * never as a vacuous pass. A real finding among them (an entry of the wrong type, a leaked private
 * key) still stands.
 */
import type { CheckResult, Exchange } from "../../core/check.js";

/** The checks that judge lookups against the harness's SUBSCRIBED registrations, or their entries. */
const NEEDS_SUBSCRIBER: readonly string[] = [...Array.from({ length: 13 }, (_, i) => `REG-${String(i + 2).padStart(3, "0")}`), "REG-017", "REG-018"];

/** Whether the harness could answer any challenge; else why not. */
export function whyNoSubscriber(exchanges: readonly Exchange[], keyKnown: boolean): string | undefined {
  const subscriptions = exchanges.filter((e) => e.action === "subscribe" && e.step.startsWith("subscribe:"));
  if (subscriptions.length === 0 || subscriptions.some((e) => e.callbacks.some((c) => c.reply?.status === 200))) {
    return undefined;
  }
  const cannot = "so none of the harness's subscribers became SUBSCRIBED, and the checks that need one cannot run";
  if (!keyKnown) {
    return `The registry publishes no encr_public_key at GET / and none was given with --sut-encr-key: the harness cannot decrypt its challenges, ${cannot}. Give the registry's X25519 public key with --sut-encr-key <base64>.`;
  }
  return subscriptions.every((e) => e.callbacks.length === 0)
    ? `The registry challenged none of the harness's subscribers (REG-016), ${cannot}.`
    : `None of the registry's challenges decrypted with X25519 and AES-256-ECB (REG-025), so the harness answered none, ${cannot}.`;
}

/**
 * The results with each check that needs a subscriber reduced to its findings, or to one `skip` row
 * with the reason when it found nothing. Without a key, REG-025 cannot judge a challenge either.
 */
export function withoutSubscriber(results: readonly CheckResult[], reason: string, keyKnown: boolean): CheckResult[] {
  const unjudgeable = new Set([...NEEDS_SUBSCRIBER, ...(keyKnown ? [] : ["REG-025"])]);
  const found = (r: CheckResult): boolean => r.status === "fail" || r.status === "warn" || r.status === "error";
  const out: CheckResult[] = [];
  const done = new Set<string>();
  for (const r of results) {
    if (!unjudgeable.has(r.id) || (found(r) && !(r.id === "REG-025" && !keyKnown))) {
      out.push(r);
    } else if (!done.has(r.id) && !results.some((x) => x.id === r.id && found(x) && x.id !== "REG-025")) {
      done.add(r.id);
      out.push({ ...r, status: "skip", scenario: null, step: null, exchange: null, findings: [{ checkId: r.id, message: reason }] });
    }
  }
  return out;
}
