/**
 * Plays the gateway's scenarios (scenarios/*.json): every step goes out at once, save a relayed
 * on_search, which waits for the search it answers, and the steps sent after the relay, which wait
 * for it and are not sent when the gateway declines to relay on_search. Bodies are built as each
 * step goes out; exchanges are returned in scenario then step order.
 */
import type { Context } from "../../../fixtures/builders/index.js";
import type { Exchange, Probe } from "../../core/check.js";
import { spell } from "../../core/probes/json-spellings.js";
import type { ForgeryName } from "../../core/probes/forgeries.js";
import { declinesOnSearch } from "./checks/read.js";
import { TARGETED_BPP } from "./checks/roster.js";
import { answering, forged, multicast, mustReachIds, onSearchBody, probe, relay, searchBody, signed, type GatewayRunEnv } from "./interactions.js";
import { stepKey, type GatewayScenario, type GatewayStep } from "./scenario.js";

/** How long before `now - ttl` a stale message is stamped: far past any skew. */
export const STALE_BY_MS = 60_000;

type Body = { context: Context };

/** What a step sent: its body (a relayed on_search answers it) and its exchange. */
interface Sent {
  readonly body: Body;
  readonly exchange: Exchange;
}

/** How many exchanges the scenarios record at most (progress): one a step. */
export const stepCount = (scenarios: readonly GatewayScenario[]): number => scenarios.reduce((n, s) => n + s.steps.length, 0);

/** The body with its timestamp moved back past its ttl: it expired before it was sent. */
function stale(env: GatewayRunEnv, body: Body): Body {
  return { ...body, context: { ...body.context, timestamp: new Date(Date.now() - env.ttlMs - STALE_BY_MS).toISOString() } };
}

function probeOf(step: GatewayStep): Probe | undefined {
  if (step.forgery !== undefined) {
    return { kind: "forgery", name: step.forgery, severity: "MUST" };
  }
  return step.negative === undefined ? undefined : { kind: "negative", name: step.negative, severity: "SHOULD" };
}

class ScenarioPlay {
  private readonly sent = new Map<string, Promise<Sent | undefined>>();

  constructor(
    private readonly env: GatewayRunEnv,
    private readonly scenarios: readonly GatewayScenario[],
  ) {}

  /** Every step's exchange, in scenario then step order; a step not sent has none. */
  async play(): Promise<Exchange[]> {
    const all = this.scenarios.flatMap((scenario) => scenario.steps.map((step) => this.outcome(scenario, step)));
    return (await Promise.all(all)).flatMap((sent) => (sent ? [sent.exchange] : []));
  }

  /** A step's outcome, started once. */
  private outcome(scenario: GatewayScenario, step: GatewayStep): Promise<Sent | undefined> {
    const key = stepKey(scenario.id, step.id);
    const known = this.sent.get(key);
    if (known) {
      return known;
    }
    const started = this.send(scenario.id, step);
    this.sent.set(key, started);
    return started;
  }

  private byKey(key: string): Promise<Sent | undefined> {
    for (const scenario of this.scenarios) {
      const step = scenario.steps.find((s) => stepKey(scenario.id, s.id) === key);
      if (step) {
        return this.outcome(scenario, step);
      }
    }
    return Promise.resolve(undefined);
  }

  /** Whether the valid on_search (the step that answers a search) was not declined: a gateway that does not relay on_search gets no more. */
  private async relayed(): Promise<boolean> {
    const scenario = this.scenarios.find((s) => s.steps.some((step) => step.answers !== undefined));
    const step = scenario?.steps.find((s) => s.answers !== undefined);
    const valid = scenario && step ? await this.outcome(scenario, step) : undefined;
    return !(valid && declinesOnSearch(valid.exchange.action, valid.exchange.response));
  }

  private async bodyOf(step: GatewayStep): Promise<Body | undefined> {
    const seed = this.env.run.seed + (step.seed ?? 0);
    if (step.action === "search") {
      const search = searchBody(this.env, seed);
      return step.to === "targeted-bpp" ? { ...search, context: { ...search.context, bpp_id: TARGETED_BPP.subscriberId } } : search;
    }
    const search = step.answers === undefined ? searchBody(this.env, seed) : (await this.byKey(step.answers))?.body;
    return search && (onSearchBody(this.env, search.context) as Body);
  }

  private async send(scenario: string, step: GatewayStep): Promise<Sent | undefined> {
    if (step.afterRelay && !(await this.relayed())) {
      return undefined;
    }
    const body = await this.bodyOf(step);
    if (!body) {
      return undefined;
    }
    const { env } = this;
    const signer = step.action === "search" ? env.network.bap.identity : answering(env);
    const { spelling } = step;
    const write = spelling === undefined ? undefined : (b: unknown): string => spell(b, spelling);
    const found = probeOf(step);
    if (found) {
      const bytes = step.forgery === undefined ? signed(signer, stale(env, body)) : forged(step.forgery as ForgeryName, signer, body);
      return { body, exchange: await probe(env, { scenario, step: step.id, action: step.action, probe: found, ...bytes }, body.context.transaction_id) };
    }
    if (step.action === "on_search") {
      return { body, exchange: await relay(env, { scenario, step: step.id, ...signed(signer, body, write) }, body.context.message_id) };
    }
    const expected = step.to === "targeted-bpp" ? [TARGETED_BPP.subscriberId] : mustReachIds;
    return { body, exchange: await multicast(env, scenario, body, expected, { step: step.id, ...(write ? { write } : {}) }) };
  }
}

/** Plays every scenario against the gateway and returns what was recorded. */
export const playGatewayScenarios = (env: GatewayRunEnv, scenarios: readonly GatewayScenario[]): Promise<Exchange[]> => new ScenarioPlay(env, scenarios).play();
