import { asObject } from "../../protocol/shapes.js";
import { isRfc3339DateTime, isZonelessDateTime, parseIsoDuration } from "../../protocol/formats.js";
import { isCallbackAction } from "../model/actions.js";
import { P2P_MUST, P2P_SHOULD, type NamedRule } from "./rule.js";
import { objectsUnderKey } from "./walk.js";
import { show } from "./show.js";

/** Context rules of the P2P profiles that a JSON Schema would only report as bare `required` errors. */
const CORE_VERSION = "1.1.0";

const contextOf = (body: Readonly<Record<string, unknown>>) => asObject(body["context"]);

export const versionMissing: NamedRule = {
  id: "p2p-context-version-missing",
  title: "`context.version` is missing",
  levels: P2P_SHOULD,
  check: (body) =>
    contextOf(body) && contextOf(body)?.["version"] === undefined
      ? [{ path: ["context", "version"], message: `\`context.version\` is missing; send "${CORE_VERSION}" so the receiver knows which core version to apply.` }]
      : [],
};

export const versionValue: NamedRule = {
  id: "p2p-context-version-value",
  title: "`context.version` names another core version",
  levels: P2P_MUST,
  check: (body) => {
    const version = contextOf(body)?.["version"];
    return typeof version === "string" && version !== CORE_VERSION
      ? [{ path: ["context", "version"], message: `\`context.version\` is ${show(version)}; this P2P trade profile is built on core "${CORE_VERSION}".` }]
      : [];
  },
};

export const ttlMissing: NamedRule = {
  id: "p2p-context-ttl-missing",
  title: "`context.ttl` is missing",
  levels: P2P_SHOULD,
  check: (body) =>
    contextOf(body) && contextOf(body)?.["ttl"] === undefined
      ? [
          {
            path: ["context", "ttl"],
            message: '`context.ttl` is missing; give an ISO 8601 duration such as "PT10S" so the receiver knows how long the message is valid.',
          },
        ]
      : [],
};

export const ttlDuration: NamedRule = {
  id: "p2p-context-ttl-duration",
  title: "`context.ttl` is not an ISO 8601 duration",
  levels: P2P_MUST,
  check: (body) => {
    const ttl = contextOf(body)?.["ttl"];
    return typeof ttl === "string" && parseIsoDuration(ttl) === undefined
      ? [{ path: ["context", "ttl"], message: `\`context.ttl\` ${show(ttl)} is not an ISO 8601 duration; write it like "PT10S" or "PT10M".` }]
      : [];
  },
};

export const callbackBppIdentity: NamedRule = {
  id: "p2p-callback-bpp-identity",
  title: "A callback without `bpp_id` or `bpp_uri`",
  levels: P2P_SHOULD,
  check: (body, action) => {
    if (!isCallbackAction(action)) {
      return [];
    }
    const context = contextOf(body);
    return (["bpp_id", "bpp_uri"] as const)
      .filter((field) => context !== undefined && context[field] === undefined)
      .map((field) => ({
        path: ["context", field],
        message: `\`context.${field}\` is missing on a callback; the BAP needs it to address the next request to this BPP.`,
      }));
  },
};

export const timeRangeFormat: NamedRule = {
  id: "p2p-time-range-format",
  title: "`time.range` bounds that are not date-times",
  levels: P2P_MUST,
  check: (body) =>
    objectsUnderKey(body, "range")
      .filter(({ path }) => path[path.length - 2] === "time")
      .flatMap(({ value, path }) =>
        (["start", "end"] as const)
          .filter((bound) => value[bound] !== undefined && !isRfc3339DateTime(value[bound]) && !isZonelessDateTime(value[bound]))
          .map((bound) => ({
            path: [...path, bound],
            message: `\`time.range.${bound}\` ${show(value[bound])} is not a date-time; write RFC 3339 such as "2024-10-04T10:00:00Z".`,
          })),
      ),
};

export const CONTEXT_RULES: readonly NamedRule[] = [versionMissing, versionValue, ttlMissing, ttlDuration, callbackBppIdentity, timeRangeFormat];
