import sjson from "secure-json-parse";
import { ERROR, nackBody, type AckBody } from "../../protocol/ack.js";
import type { Clock } from "../../protocol/clock.js";
import { verifySignatureHeader, wwwAuthenticateValue } from "../../protocol/signing/index.js";
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

/** A synchronous answer: status, body and extra headers. */
export interface SyncAnswer {
  readonly status: number;
  readonly body: AckBody;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface InboundOptions {
  /** The receiver's subscriber id: the realm of `WWW-Authenticate`. */
  readonly realm: string;
  readonly lookupPublicKey: (subscriberId: string, uniqueKeyId: string) => Promise<string | undefined>;
  readonly profile?: ProfileName;
  readonly now?: Clock;
  /** Switches a check off, for faults: the receiver then accepts what it should refuse. */
  readonly skip?: () => InboundSkips;
}

/** The checks a fault may switch off. */
export interface InboundSkips {
  /** Every signature. */
  readonly signature?: boolean;
  /** The profile's schema and the endpoint's action. */
  readonly schema?: boolean;
  /** That the keyId's subscriber is the sender the context names. */
  readonly signer?: boolean;
  /** `Authorization` when a gateway header came with the request and verified. */
  readonly relayedAuthorization?: boolean;
}

export type InboundResult = { readonly ok: true; readonly inbound: BecknInbound } | { readonly ok: false; readonly answer: SyncAnswer };

const refuse = (status: number, code: string, message: string, extra: { paths?: string; headers?: Record<string, string> } = {}): InboundResult => ({
  ok: false,
  answer: { status, body: nackBody({ code, message, ...(extra.paths ? { paths: extra.paths } : {}) }), ...(extra.headers ? { headers: extra.headers } : {}) },
});

function parseBody(raw: string): { ok: true; body: unknown } | { ok: false; detail: string } {
  try {
    return { ok: true, body: sjson.parse(raw, undefined, { protoAction: "remove", constructorAction: "remove" }) as unknown };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}

const objectOr = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

async function checkSignatures(raw: string, headers: BecknInbound["headers"], context: Record<string, unknown>, action: BecknAction, options: InboundOptions, skip: InboundSkips): Promise<{ signer: string | undefined; viaGateway: boolean } | InboundResult> {
  const sender = skip.signer ? undefined : context[isCallbackAction(action) ? "bpp_id" : "bap_id"];
  const common = { rawBody: raw, lookupPublicKey: options.lookupPublicKey, ...(options.now ? { now: options.now } : {}) };
  const gatewayHeader = headers["x-gateway-authorization"] ?? headers["proxy-authorization"];
  const trusted = skip.relayedAuthorization === true && gatewayHeader !== undefined;
  const auth = trusted ? undefined : await verifySignatureHeader({ ...common, header: headers["authorization"], kind: "authorization", ...(typeof sender === "string" ? { expectedSubscriberId: sender } : {}) });
  if (auth && !auth.ok) {
    return refuse(401, ERROR.invalidSignature, `Authorization: ${auth.reason}: ${auth.detail}`, { headers: { "www-authenticate": wwwAuthenticateValue(options.realm) } });
  }
  const signer = auth?.keyId.subscriberId;
  if (gatewayHeader === undefined) {
    return { signer, viaGateway: false };
  }
  const gateway = await verifySignatureHeader({ ...common, header: gatewayHeader, kind: "gateway" });
  if (!gateway.ok) {
    return refuse(401, ERROR.invalidSignature, `X-Gateway-Authorization: ${gateway.reason}: ${gateway.detail}`, { headers: { "proxy-authenticate": wwwAuthenticateValue(options.realm) } });
  }
  return { signer, viaGateway: true };
}

function checkMessage(body: unknown, context: Record<string, unknown>, action: BecknAction, profile: ProfileName | undefined): InboundResult | undefined {
  const errors = validate(body, profile).findings.filter((f) => f.severity === "error");
  if (errors.length > 0) {
    const message = errors.map((e) => e.message).join(" ").slice(0, 2000);
    return refuse(400, ERROR.invalidRequest, message, { paths: errors.map((e) => e.path).join(",").slice(0, 2000) });
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
    return refuse(400, ERROR.invalidRequest, `The body is not JSON: ${parsed.detail}`);
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
