import type { types } from '@slack/bolt';
import type { ActionKind } from '../../src/chat/replies/reply.js';
import { REASON_ACTION_ID, REASON_BLOCK_ID, REASON_MODAL_CALLBACK_ID } from './slack-action-ids.js';
import { SLACK_LIMITS as L } from './slack-limits.js';
import { encodeReasonMetadata, type ReasonMetadata } from './slack-parse.js';

const WORDING: Partial<Record<ActionKind, { title: string; label: string }>> = {
  reject: { title: 'Reject', label: 'Why are you rejecting this request?' },
  override: { title: 'Override', label: 'Why override the failed checks?' },
};

/**
 * The modal a button that needs a reason opens (ACTIONS_NEEDING_REASON: Reject, Override), via
 * views.open with the click's trigger_id: one required text field. private_metadata carries the
 * button's payload and where the card is, so the submission is handled exactly like the click would
 * have been, with the reason as Invocation.input.
 */
export function reasonModal(meta: ReasonMetadata): types.ModalView {
  const w = WORDING[meta.payload.a] ?? { title: 'Give a reason', label: 'Why?' };
  return {
    type: 'modal',
    callback_id: REASON_MODAL_CALLBACK_ID,
    private_metadata: encodeReasonMetadata(meta).slice(0, L.privateMetadata),
    title: { type: 'plain_text', text: w.title },
    submit: { type: 'plain_text', text: w.title },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: REASON_BLOCK_ID,
        label: { type: 'plain_text', text: w.label },
        element: {
          type: 'plain_text_input',
          action_id: REASON_ACTION_ID,
          multiline: true,
          min_length: 3,
          max_length: 500,
          placeholder: { type: 'plain_text', text: 'The requester and the audit log see this reason' },
        },
      },
    ],
  };
}
