/**
 * What `observe` recorded, as a role's suite judges it: every Beckn message its forwarders passed
 * (read from its capture.har, as `validate` reads any HAR), who stood behind each forwarder, and
 * when. A role judges one party at a time on the messages it sent and received.
 */
import type { CapturedMessage } from "../capture/captured.js";
import type { ProfileName } from "../../../schemas/index.js";
import type { ObservedParty } from "./network.js";

export interface Observation {
  readonly messages: readonly CapturedMessage[];
  readonly parties: readonly ObservedParty[];
  /** The gateway's forwarder, where searches (and a BPP's on_search, when it uses the gateway) were recorded. */
  readonly gatewayUrl: string;
  readonly startedAt: number;
  readonly endedAt: number;
  /** Per forwarder name (a party's, or `gateway`): exchanges it passed on but did not record, past its bound. */
  readonly dropped: Readonly<Record<string, number>>;
}

/** How the observed parties are judged. */
export interface ObservedJudgeOptions {
  readonly profile: ProfileName;
  readonly closed?: boolean;
}

const withoutSlash = (url: string): string => url.replace(/\/+$/, "");

/** Whether a message was posted to this forwarder (its URL is the forwarder's, plus a path). */
export const postedTo = (m: CapturedMessage, forwarderUrl: string): boolean => m.url !== undefined && m.url.startsWith(`${withoutSlash(forwarderUrl)}/`);

/** The party behind the forwarder a message was posted to, if a party's. */
export const partyAt = (m: CapturedMessage, parties: readonly ObservedParty[]): ObservedParty | undefined => parties.find((p) => postedTo(m, p.url));

/** The note of a party whose forwarder (or the gateway's) dropped exchanges past its bound: what was dropped was not judged. */
export function droppedNote(observation: Observation, party: ObservedParty): string | undefined {
  const mine = observation.dropped[party.name] ?? 0;
  const gateway = observation.dropped["gateway"] ?? 0;
  const parts = [mine > 0 ? `${mine} exchanges with ${party.name}` : "", gateway > 0 ? `${gateway} exchanges with the gateway` : ""].filter(Boolean);
  return parts.length > 0
    ? `The forwarders recorded only part of the traffic: ${parts.join(" and ")} passed but were not recorded, so they were not judged.`
    : undefined;
}
