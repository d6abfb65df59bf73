import { ComponentType, TextInputStyle } from 'discord.js';
import { type ActionKind, type ActionPayload, encodeAction } from '../../src/chat/replies/reply.js';
import { DISCORD_LIMITS as L } from './discord-limits.js';
import { REASON_INPUT_ID } from './discord-parse.js';

/** The modal callback's data (interaction response type 9). */
export interface DiscordModal {
  readonly custom_id: string;
  readonly title: string;
  readonly components: {
    readonly type: ComponentType.Label;
    readonly label: string;
    readonly description?: string;
    readonly component: { readonly type: ComponentType.TextInput; readonly custom_id: string; readonly style: TextInputStyle; readonly min_length: number; readonly max_length: number; readonly required: true; readonly placeholder: string };
  }[];
}

const WORDING: Partial<Record<ActionKind, { title: string; label: string }>> = {
  reject: { title: 'Reject the request', label: 'Why are you rejecting it?' },
  override: { title: 'Request an override', label: 'Why override the failed checks?' },
};

export const REASON_MIN = 3;
export const REASON_MAX = 500;

/**
 * The modal a button that needs a reason opens (ACTIONS_NEEDING_REASON: Reject, Override): one
 * required paragraph input. Its custom_id is the button's own payload (≤100), so the submission is
 * handled exactly like the click would have been, with the reason as Invocation.input; the card is
 * the submission's `message`.
 */
export function reasonModal(payload: ActionPayload): DiscordModal {
  const w = WORDING[payload.a] ?? { title: 'Give a reason', label: 'Why?' };
  return {
    custom_id: encodeAction(payload),
    title: w.title.slice(0, L.modalTitle),
    components: [
      {
        type: ComponentType.Label,
        label: w.label.slice(0, L.textInputLabel),
        component: {
          type: ComponentType.TextInput,
          custom_id: REASON_INPUT_ID,
          style: TextInputStyle.Paragraph,
          min_length: REASON_MIN,
          max_length: REASON_MAX,
          required: true,
          placeholder: 'The requester and the audit log see this reason'.slice(0, L.textInputPlaceholder),
        },
      },
    ],
  };
}
