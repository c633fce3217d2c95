/** The registry's HTTP surface: `GET /`, `POST /lookup` (open, unsigned) and `POST /subscribe`. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import sjson from "secure-json-parse";
import { ERROR, nackBody } from "../../protocol/ack.js";
import { becknShapeRefusal } from "../../protocol/json/depth.js";
import { appliedCriteria, lookupAnswer, publishedInfo, type RegistryFaults } from "./faults.js";
import { isObject, optionalString } from "./fields.js";
import { parseLookupFilter, type LookupCriteria } from "./lookup.js";
import { readParticipant } from "./participant.js";
import type { BusyAnswer } from "../common/outgoing-budget.js";
import type { RegistryStore } from "./store.js";
import type { FieldError, ParticipantEntry, RegistryInfo } from "./types.js";
import { entryUnderVariants, type RegistryVariantId } from "./variants.js";

export interface RouteContext {
  readonly store: RegistryStore;
  readonly info: RegistryInfo;
  /** Starts the challenge of a stored subscription; called once its answer has been sent. */
  readonly challenge: (entry: ParticipantEntry) => void;
  /** The refusal of a subscription whose challenge the registry has no room to send now, if so. */
  readonly busy?: () => BusyAnswer | undefined;
  /** Faults switched on (mocks/registry/faults.ts); none by default. */
  readonly faults?: RegistryFaults;
  readonly variants?: ReadonlySet<RegistryVariantId>;
}

type Parsed = { readonly ok: true; readonly body: unknown } | { readonly ok: false; readonly message: string };

function parseJson(request: FastifyRequest): Parsed {
  const raw = Buffer.isBuffer(request.body) ? request.body.toString("utf8") : "";
  if (raw.trim() === "") {
    return { ok: false, message: "The body is empty; expected a JSON object ({} for a lookup of every entry)." };
  }
  try {
    const shape = becknShapeRefusal(raw);
    if (shape) {
      return { ok: false, message: shape.message };
    }
    return { ok: true, body: sjson.parse(raw, undefined, { protoAction: "remove", constructorAction: "remove" }) as unknown };
  } catch (error) {
    return { ok: false, message: `The body is not JSON: ${(error as Error).message}` };
  }
}

function badRequest(reply: FastifyReply, message: string, errors: readonly FieldError[] = []): FastifyReply {
  const detail = errors.map((e) => `${e.path}: ${e.message}`).join(" ");
  const paths = [...new Set(errors.map((e) => e.path))].join(",");
  const error = { code: ERROR.invalidRequest, message: `${message}${detail ? ` ${detail}` : ""}`.slice(0, 2000), ...(paths ? { paths } : {}) };
  return reply.code(400).type("application/json").send(nackBody(error));
}

/** A malformed lookup's refusal: a 400 NACK naming the fields, unless a fault changes it. */
function refuseLookup(reply: FastifyReply, faults: RegistryFaults, message: string, errors: readonly FieldError[] = []): FastifyReply {
  if (faults.has("reg.500-on-malformed")) {
    return reply
      .code(500)
      .type("application/json")
      .send(nackBody({ code: ERROR.invalidRequest, message: "Internal error." }));
  }
  return faults.has("reg.silent-400") ? reply.code(400).send("") : badRequest(reply, message, errors);
}

function answerLookup(reply: FastifyReply, ctx: RouteContext, faults: RegistryFaults, criteria: LookupCriteria): FastifyReply {
  const applied = appliedCriteria(criteria, faults);
  const variants = ctx.variants ?? new Set();
  const entries = ctx.store
    .lookup(applied, { anyStatus: faults.has("reg.return-unsubscribed"), anyTime: faults.has("reg.ignore-validity") })
    .map((e) => entryUnderVariants(e, variants));
  return reply
    .code(200)
    .type("application/json")
    .send(lookupAnswer(criteria, entries, faults));
}

function lookupRoute(app: FastifyInstance, ctx: RouteContext): void {
  const faults: RegistryFaults = ctx.faults ?? new Set();
  app.post("/lookup", (request, reply) => {
    const parsed = parseJson(request);
    if (!parsed.ok) {
      return faults.has("reg.not-json-as-empty") ? answerLookup(reply, ctx, faults, {}) : refuseLookup(reply, faults, parsed.message);
    }
    const filter = parseLookupFilter(parsed.body);
    if (!filter.ok) {
      return faults.has("reg.ignore-bad-filter")
        ? answerLookup(reply, ctx, faults, {})
        : refuseLookup(reply, faults, "The lookup filter is malformed.", filter.errors);
    }
    return answerLookup(reply, ctx, faults, filter.criteria);
  });
}

function subscribeRoute(app: FastifyInstance, ctx: RouteContext): void {
  const accepted = new WeakMap<FastifyRequest, ParticipantEntry>();
  app.post("/subscribe", {
    // The challenge starts only once the subscriber has its answer.
    onResponse: (request, _reply, done) => {
      const entry = accepted.get(request);
      if (entry) {
        ctx.challenge(entry);
      }
      done();
    },
    handler: (request, reply) => {
      const parsed = parseJson(request);
      if (!parsed.ok) {
        return badRequest(reply, parsed.message);
      }
      const read = readParticipant(parsed.body, { prefix: "$", strict: false, readStatus: false, requireEncryptionKey: true });
      const errors = read.ok ? [] : [...read.errors];
      if (isObject(parsed.body)) {
        optionalString(parsed.body, "nonce", "$", errors);
      }
      if (!read.ok || errors.length > 0) {
        return badRequest(reply, "The subscription is malformed.", errors);
      }
      const busy = ctx.busy?.();
      if (busy) {
        return reply.code(busy.status).headers(busy.headers).type("application/json").send(busy.body);
      }
      const full = ctx.store.fullFor(read.value);
      if (full) {
        return reply
          .code(429)
          .type("application/json")
          .send(nackBody({ code: ERROR.invalidRequest, message: full }));
      }
      accepted.set(request, ctx.store.put(read.value, "UNDER_SUBSCRIPTION"));
      return reply.code(200).type("application/json").send({ status: "UNDER_SUBSCRIPTION" });
    },
  });
}

export function registryRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // registry.no-published-keys has no GET /: the app's 404 answers it, and the operator gives the keys.
  if (!ctx.variants?.has("registry.no-published-keys")) {
    app.get("/", (_request, reply) =>
      reply
        .code(200)
        .type("application/json")
        .send(publishedInfo(ctx.info, ctx.faults ?? new Set())),
    );
  }
  lookupRoute(app, ctx);
  subscribeRoute(app, ctx);
}
