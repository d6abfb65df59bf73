import { ACTION_KINDS, type ActionKind } from '../../src/chat/replies/reply.js';

/** Every Steward button's action_id starts with this; the listener matches /^steward:/. */
export const ACTION_ID_PREFIX = 'steward:';

/**
 * action_id constants, one per button kind (`steward:approve`, `steward:reject`, …), derived from
 * ACTION_KINDS so a new kind needs no Slack change. The payload itself travels in the button's value.
 */
export const ACTION_IDS = Object.fromEntries(ACTION_KINDS.map((k) => [k, `${ACTION_ID_PREFIX}${k}`])) as { readonly [K in ActionKind]: `steward:${K}` };

/** `steward:<kind>`, or `steward:<kind>:<n>` when a kind repeats in one actions block. */
export const ACTION_ID_PATTERN = /^steward:[a-z_]+(:\d+)?$/;

/**
 * Link buttons (they open a page): `steward-link:<n>`. Not `steward:`-prefixed, so the click listener
 * never takes one for an action; Slack still posts block_actions for them, which are acked and ignored.
 */
export const LINK_ACTION_ID = 'steward-link';

/** The reason modal's callback_id (view_submission listener) and its input's ids. */
export const REASON_MODAL_CALLBACK_ID = 'steward:reason';
export const REASON_BLOCK_ID = 'reason';
export const REASON_ACTION_ID = 'reason_input';
