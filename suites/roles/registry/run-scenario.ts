/**
 * Plays the registry scenario (scenarios/registry.json) against any registry over HTTP: read its keys
 * at `GET /`, subscribe the harness's registrations and answer their challenges, confirm the ones that
 * must be SUBSCRIBED, then look up by every filter and send malformed lookups. Returns every exchange,
 * in the order each was settled.
 */
import { setTimeout as delay } from "node:timers/promises";
import type { Exchange, Probe } from "../../core/check.js";
import { KEYS_GIVEN_STEP, KEYS_STEP } from "./checks/read.js";
import { exchangeOf, sendRequest, type RequestSpec, type SentRequest } from "./exchanges.js";
import { malformedLookups, plannedLookups } from "./lookups.js";
import { registrationsOf, runTag, subscriptionBody, type Region, type Registration } from "./registrations.js";
import { startSubscriberApp, type SubscriberApp } from "./subscriber-app.js";
import { lookupKind, probeOf, type RegistryScenario, type RegistryStep } from "./scenario.js";

export interface ScenarioEnv {
  readonly registryUrl: string;
  readonly host: string;
  readonly publicUrl?: string;
  /** The registry's X25519 key as the operator gave it (`--sut-encr-key`); else the one at `GET /`. */
  readonly encryptionKey?: string;
  readonly region: Region;
  /** How long a challenge, or a subscriber reaching SUBSCRIBED, may take. */
  readonly ttlMs: number;
  /** How long after a probe's challenge the harness waits before it looks for the probe. */
  readonly quietWindowMs: number;
  /** Deadline of one HTTP answer. */
  readonly answerTimeoutMs: number;
}

export interface ScenarioOutcome {
  readonly exchanges: Exchange[];
  /** Set when the registry refused the first connection or its name did not resolve. */
  readonly unreachable?: string;
  /** Challenge calls the subscriber app dropped past its evidence budget. */
  readonly evidenceDropped?: number;
}

const POLL_MS = 100;

function isArrayAnswer(sent: SentRequest): boolean {
  return sent.response.kind === "response" && sent.response.status === 200 && Array.isArray(sent.response.body);
}

/** Whether the answer holds the registration: its subscriber id and key id (under any of its names). */
function found(sent: SentRequest, registration: Registration): boolean {
  const body = sent.response.kind === "response" ? sent.response.body : undefined;
  const { subscriberId, uniqueKeyId } = registration.identity;
  type Entry = { subscriber_id?: unknown; unique_key_id?: unknown; key_id?: unknown; ukId?: unknown } | null;
  return Array.isArray(body) && (body as Entry[]).some((e) => e?.subscriber_id === subscriberId && [e.unique_key_id, e.key_id, e.ukId].includes(uniqueKeyId));
}

export class RegistryDriver {
  private readonly sent: { sent: SentRequest; label?: string }[] = [];

  constructor(
    private readonly env: ScenarioEnv,
    private readonly scenario: RegistryScenario,
  ) {}

  /** The confirm steps, and the registration each confirms: those of probe registrations, or of the others. */
  private confirmations(registrations: readonly Registration[], probes: boolean): { step: RegistryStep; registration: Registration }[] {
    return this.scenario.steps.flatMap((step) => {
      const registration = registrations.find((r) => lookupKind(step) === "confirm" && r.label === step.confirms);
      return registration && (registration.probe !== undefined) === probes ? [{ step, registration }] : [];
    });
  }

  private url(path: string): string {
    return `${this.env.registryUrl.replace(/\/+$/, "")}${path}`;
  }

  private async send(spec: Omit<RequestSpec, "url">, path: string, label?: string): Promise<SentRequest> {
    const sent = await sendRequest({ ...spec, url: this.url(path) }, this.env.answerTimeoutMs);
    this.sent.push({ sent, ...(label ? { label } : {}) });
    return sent;
  }

  private lookup(step: string, filter: unknown, record: boolean, probe?: Probe): Promise<SentRequest> {
    const spec = { step, action: "lookup", expectation: "answer", rawBody: JSON.stringify(filter), ...(probe ? { probe } : {}) } as const;
    return record ? this.send(spec, "/lookup") : sendRequest({ ...spec, url: this.url("/lookup") }, this.env.answerTimeoutMs);
  }

  /** Subscribes one registration and waits for its challenge to be answered; returns when it was. */
  private async subscribe(app: SubscriberApp, registration: Registration): Promise<number | undefined> {
    const body = JSON.stringify(subscriptionBody(registration, app.urlOf(registration.label)));
    const spec = {
      step: `subscribe:${registration.label}`, // the subscribe step's id (scenario.ts labelOf)
      action: "subscribe",
      expectation: "callback",
      rawBody: body,
      ...(registration.probe ? { probe: registration.probe } : {}),
    } as const;
    const sent = await this.send(spec, "/subscribe", registration.label);
    const accepted = sent.response.kind === "response" && sent.response.status >= 200 && sent.response.status < 300;
    return accepted ? (await app.answered(registration.label, this.env.ttlMs))?.receivedAt : undefined;
  }

  /** Looks the registration up until it appears or the ttl runs out; records the last lookup. */
  private async confirm(step: string, registration: Registration): Promise<void> {
    const filter = { subscriber_id: registration.identity.subscriberId, unique_key_id: registration.identity.uniqueKeyId };
    const until = Date.now() + this.env.ttlMs;
    let last = await this.lookup(step, filter, false);
    while (isArrayAnswer(last) && !found(last, registration) && Date.now() < until) {
      await delay(POLL_MS);
      last = await this.lookup(step, filter, false);
    }
    this.sent.push({ sent: last });
  }

  async run(): Promise<ScenarioOutcome> {
    const keys = await this.send({ step: this.env.encryptionKey ? KEYS_GIVEN_STEP : KEYS_STEP, action: "registry-keys", expectation: "answer" }, "/");
    if (keys.response.kind === "failure" && !keys.response.connected) {
      return {
        exchanges: this.exchanges(undefined),
        unreachable: `${this.env.registryUrl} ${keys.response.failure === "dns" ? "does not resolve" : "refused the first connection"}: ${keys.response.detail}`,
      };
    }
    const published = keys.response.kind === "response" ? (keys.response.body as { encr_public_key?: unknown } | undefined)?.encr_public_key : undefined;
    const { steps } = this.scenario;
    const registrations = registrationsOf(steps, this.env.region, runTag(), Date.now());
    const app = await startSubscriberApp({
      host: this.env.host,
      registrations,
      registryEncryptionKey: this.env.encryptionKey ?? (typeof published === "string" ? published : undefined),
      ...(this.env.publicUrl ? { publicUrl: this.env.publicUrl } : {}),
    });
    try {
      await this.settle(app, registrations);
      await Promise.all(plannedLookups(steps, registrations).map((l) => this.lookup(l.step, l.filter, true)));
      for (const { step, registration } of this.confirmations(registrations, true)) {
        await this.lookup(step.id, { subscriber_id: registration.identity.subscriberId }, true, probeOf(step));
      }
      await Promise.all(
        malformedLookups(steps).map((m) => this.send({ step: m.step, action: "lookup", expectation: "nack", probe: m.probe, rawBody: m.rawBody }, "/lookup")),
      );
      return { exchanges: this.exchanges(app), evidenceDropped: app.dropped() };
    } finally {
      await app.close();
    }
  }

  /**
   * Subscribes everyone, confirms the subscribers whose challenge the harness could answer (one it
   * could not decrypt leaves nothing to confirm), and lets the probes' challenges settle.
   */
  private async settle(app: SubscriberApp, registrations: readonly Registration[]): Promise<void> {
    const answeredAt = await Promise.all(registrations.map((r) => this.subscribe(app, r)));
    const answered = (r: Registration): boolean => app.calls(r.label).some((c) => c.reply.status === 200);
    await Promise.all(
      this.confirmations(registrations, false)
        .filter(({ registration }) => answered(registration))
        .map(({ step, registration }) => this.confirm(step.id, registration)),
    );
    const lastProbe = Math.max(0, ...registrations.map((r, i) => (r.probe ? (answeredAt[i] ?? 0) : 0)));
    const wait = lastProbe + this.env.quietWindowMs - Date.now();
    if (wait > 0) {
      await delay(wait); // a probe must stay absent for the quiet window: a deadline, not a guess
    }
  }

  private exchanges(app: SubscriberApp | undefined): Exchange[] {
    return this.sent.map(({ sent, label }, i) => exchangeOf(sent, i, this.env.ttlMs, label && app ? app.calls(label) : []));
  }
}
