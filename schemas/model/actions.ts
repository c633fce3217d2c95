/** The actions of the Beckn core 1.1.0 transaction API. */
export const REQUEST_ACTIONS = ["search", "select", "init", "confirm", "status", "track", "cancel", "update", "rating", "support"] as const;
export const CALLBACK_ACTIONS = [
  "on_search",
  "on_select",
  "on_init",
  "on_confirm",
  "on_status",
  "on_track",
  "on_cancel",
  "on_update",
  "on_rating",
  "on_support",
] as const;
export const BECKN_ACTIONS = [...REQUEST_ACTIONS, ...CALLBACK_ACTIONS] as const;

export type RequestAction = (typeof REQUEST_ACTIONS)[number];
export type CallbackAction = (typeof CALLBACK_ACTIONS)[number];
export type BecknAction = (typeof BECKN_ACTIONS)[number];

/** The 12 messages the P2P guide prints, in flow order. */
export const GUIDE_FLOW_ACTIONS = [
  "search",
  "on_search",
  "select",
  "on_select",
  "init",
  "on_init",
  "confirm",
  "on_confirm",
  "status",
  "on_status",
  "update",
  "on_update",
] as const satisfies readonly BecknAction[];

const ACTION_SET: ReadonlySet<string> = new Set(BECKN_ACTIONS);

export function isBecknAction(value: unknown): value is BecknAction {
  return typeof value === "string" && ACTION_SET.has(value);
}

export function isCallbackAction(action: BecknAction): action is CallbackAction {
  return action.startsWith("on_");
}

/** `on_<action>` for a request action. */
export function callbackOf(action: RequestAction): CallbackAction {
  return `on_${action}`;
}
