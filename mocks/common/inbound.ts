import sjson from "secure-json-parse";
import { ERROR, nackBody, type AckBody } from "../../protocol/ack.js";
import type { Clock } from "../../protocol/clock.js";
import type { SubscriberType } from "../../protocol/registry-client.js";
import { becknShapeRefusal } from "../../protocol/json/depth.js";
import { MAX_SIGNATURE_LIFETIME_SECONDS, verifySignatureHeader, wwwAuthenticateValue } from "../../protocol/signing/index.js";
import { isCallbackAction, validate, type BecknAction, type ProfileName } from "../../schemas/index.js";

/**
 * The receiving half of every Beckn endpoint, with no HTTP framework in it, so the fastify mocks
 * and the msw handlers share it. In order: the body must parse (400 NACK), the signatures must
 * verify (401 NACK with WWW-Authenticate or Proxy-Authenticate), the message must pass the profile
 * and name the endpoint's action (400 NACK with `error.paths`).
 */
export interface BecknInbound {
  readonly action: BecknAction;
  readonly rawBody: string;
  readonly body: Record<string, unknown>;
  readonly context: Record<string, unknown>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The subscriber whose key signed `Authorization`, when it was verified. */
  readonly signer?: string;
  /** True when a gateway header came with the request and verified. */
  readonly viaGateway: boolean;
}

/** A signing-key lookup that may bind the key to the role it signs for. */
export type RoleKeyLookup = (subscriberId: string, uniqueKeyId: string, type?: SubscriberType) => Promise<string | undefined>;

/** A synchronous answer: status, body and extra headers. */
export interface SyncAnswer {
  readonly status: number;
  readonly body: AckBody;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface InboundOptions {
  /** The receiver's subscriber id: the realm of `WWW-Authenticate`. */
  readonly realm: string;
  /**
   * The key a keyId names. The receiver passes the type the key must be registered under (BG for a
   * gateway header, BAP for a request's Authorization, BPP for a callback's); a lookup that honours
   * it binds keys to roles (docs/limits.md "Keys and roles"), one that ignores it does not.
   */
  readonly lookupPublicKey: RoleKeyLookup;
  readonly profile?: ProfileName;
  readonly now?: Clock;
  /** Switches a check off, for faults: the receiver then accepts what it should refuse. */
  readonly skip?: () => InboundSkips;
  /** How the signatures are read, for faults; by the book (BECKN-006) when absent. */
  readonly reading?: SignatureReading;
}

/** The checks a fault may switch off. */
export interface InboundSkips {
  /** Every signature. */
  readonly signature?: boolean;
  /** The profile's schema and the endpoint's action. */
  readonly schema?: boolean;
  /** That the keyId's subscriber is the sender the context names. */
  readonly signer?: boolean;
}

/** The two names a gateway's signature comes under (FACTS §3.1.6): BECKN-006's, and core 0.9.4's. */
export const GATEWAY_HEADERS = ["x-gateway-authorization", "proxy-authorization"] as const;
export type GatewayHeader = (typeof GATEWAY_HEADERS)[number];
/** How a refusal names the gateway header that failed: the start of its `error.message`. */
export const GATEWAY_HEADER_NAMES: Readonly<Record<GatewayHeader, string>> = {
  "x-gateway-authorization": "X-Gateway-Authorization",
  "proxy-authorization": "Proxy-Authorization",
};

/** A receiver that reads signatures other than by the book: each field is one fault. */
export interface SignatureReading {
  /** The bytes the digests are computed over; the raw body by default. */
  readonly bytes?: (rawBody: string) => string;
  /** The gateway headers read; both by default. */
  readonly gatewayHeaders?: readonly GatewayHeader[];
  /** A request whose gateway header verifies is taken without verifying its Authorization. */
  readonly trustGateway?: boolean;
}

export type InboundResult = { readonly ok: true; readonly inbound: BecknInbound } | { readonly ok: false; readonly answer: SyncAnswer };

const refuse = (status: number, code: string, message: string, extra: { paths?: string; headers?: Record<string, string> } = {}): InboundResult => ({
  ok: false,
  answer: { status, body: nackBody({ code, message, ...(extra.paths ? { paths: extra.paths } : {}) }), ...(extra.headers ? { headers: extra.headers } : {}) },
});

function parseBody(raw: string): { ok: true; body: unknown } | { ok: false; detail: string; paths?: string } {
  try {
    const shape = becknShapeRefusal(raw);
    if (shape) {
      return { ok: false, detail: shape.message, paths: shape.path };
    }
    return { ok: true, body: sjson.parse(raw, undefined, { protoAction: "remove", constructorAction: "remove" }) as unknown };
  } catch (error) {
    return { ok: false, detail: `The body is not JSON: ${(error as Error).message}` };
  }
}

const objectOr = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

type Checked = { signer?: string; viaGateway: boolean } | InboundResult;

/**
 * Verifies every gateway header the request carries and the receiver reads (BECKN-006 step 5:
 * both the sender's and the gateway's signature); a value sent under both names is verified once.
 */
async function checkGateway(
  headers: BecknInbound["headers"],
  verify: (header: string) => ReturnType<typeof verifySignatureHeader>,
  options: InboundOptions,
): Promise<Checked> {
  const verified = new Set<string>();
  for (const name of options.reading?.gatewayHeaders ?? GATEWAY_HEADERS) {
    const value = headers[name];
    if (value === undefined || verified.has(value)) {
      continue;
    }
    const gateway = await verify(value);
    if (!gateway.ok) {
      return refuse(401, ERROR.invalidSignature, `${GATEWAY_HEADER_NAMES[name]}: ${gateway.reason}: ${gateway.detail}`, {
        headers: { "proxy-authenticate": wwwAuthenticateValue(options.realm) },
      });
    }
    verified.add(value);
  }
  return { viaGateway: verified.size > 0 };
}

async function checkSignatures(
  raw: string,
  headers: BecknInbound["headers"],
  context: Record<string, unknown>,
  action: BecknAction,
  options: InboundOptions,
  skip: InboundSkips,
): Promise<Checked> {
  const sender = skip.signer ? undefined : context[isCallbackAction(action) ? "bpp_id" : "bap_id"];
  const common = {
    rawBody: options.reading?.bytes?.(raw) ?? raw,
    maxLifetimeSeconds: MAX_SIGNATURE_LIFETIME_SECONDS,
    ...(options.now ? { now: options.now } : {}),
  };
  const keysOf = (type: SubscriberType) => (subscriberId: string, uniqueKeyId: string) => options.lookupPublicKey(subscriberId, uniqueKeyId, type);
  const gatewayCheck = (): Promise<Checked> =>
    checkGateway(headers, (header) => verifySignatureHeader({ ...common, lookupPublicKey: keysOf("BG"), header, kind: "gateway" }), options);
  // The trustGateway fault reads the gateway's signature first and, when it verifies, no further.
  const trusted = options.reading?.trustGateway ? await gatewayCheck() : undefined;
  if (trusted && ("ok" in trusted || trusted.viaGateway)) {
    return trusted;
  }
  const auth = await verifySignatureHeader({
    ...common,
    lookupPublicKey: keysOf(isCallbackAction(action) ? "BPP" : "BAP"),
    header: headers["authorization"],
    kind: "authorization",
    ...(typeof sender === "string" ? { expectedSubscriberId: sender } : {}),
  });
  if (!auth.ok) {
    return refuse(401, ERROR.invalidSignature, `Authorization: ${auth.reason}: ${auth.detail}`, {
      headers: { "www-authenticate": wwwAuthenticateValue(options.realm) },
    });
  }
  const gateway = trusted ?? (await gatewayCheck());
  return "ok" in gateway ? gateway : { signer: auth.keyId.subscriberId, viaGateway: gateway.viaGateway };
}

/** The most findings a validation NACK lists in its message and paths; the rest are counted ("… and N more"). */
export const MAX_FINDINGS_IN_NACK = 20;

function checkMessage(body: unknown, context: Record<string, unknown>, action: BecknAction, profile: ProfileName | undefined): InboundResult | undefined {
  const errors = validate(body, profile).findings.filter((f) => f.severity === "error");
  if (errors.length > 0) {
    const shown = errors.slice(0, MAX_FINDINGS_IN_NACK);
    const more = errors.length > shown.length ? ` … and ${errors.length - shown.length} more.` : "";
    const message = `${shown
      .map((e) => e.message)
      .join(" ")
      .slice(0, 2000)}${more}`;
    return refuse(400, ERROR.invalidRequest, message, {
      paths: shown
        .map((e) => e.path)
        .join(",")
        .slice(0, 2000),
    });
  }
  if (context["action"] !== action) {
    return refuse(400, ERROR.invalidRequest, `\`context.action\` must be "${action}" on /${action}.`, { paths: "$.context.action" });
  }
  return undefined;
}

/** Runs the receiving pipeline on one request. Never throws. Header names must be lower case. */
export async function receiveBeckn(action: BecknAction, rawBody: string, headers: BecknInbound["headers"], options: InboundOptions): Promise<InboundResult> {
  const parsed = parseBody(rawBody);
  if (!parsed.ok) {
    return refuse(400, ERROR.invalidRequest, parsed.detail, parsed.paths ? { paths: parsed.paths } : {});
  }
  const body = objectOr(parsed.body);
  const context = objectOr(body["context"]);
  const skip = options.skip?.() ?? {};
  let signer: string | undefined;
  let viaGateway = false;
  if (!skip.signature) {
    const signatures = await checkSignatures(rawBody, headers, context, action, options, skip);
    if ("ok" in signatures) {
      return signatures;
    }
    ({ signer, viaGateway } = signatures);
  }
  const invalid = skip.schema ? undefined : checkMessage(parsed.body, context, action, options.profile);
  if (invalid) {
    return invalid;
  }
  return { ok: true, inbound: { action, rawBody, body, context, headers, viaGateway, ...(signer ? { signer } : {}) } };
}

/**
 * The bytes a verifier that re-serialises the parsed body hashes (faults aut.reserialises-body,
 * bap.verify-reserialised): the parsed body written again as compact JSON (the raw body when it does not parse).
 */
export function reserialised(rawBody: string): string {
  try {
    return JSON.stringify(JSON.parse(rawBody));
  } catch {
    return rawBody;
  }
}
