/**
 * The neutral message model. Commands return it; each platform adapter renders it with a pure
 * function. Nothing here knows Block Kit, embeds or ANSI.
 *
 * Inline text may use **bold** and `code`; renderers translate or strip them. People are named with
 * `mention(actorKey)` (mention.ts): the only text a renderer turns into a platform mention. Everything
 * else is shown as text — escaped for Slack and Discord, stripped of terminal controls for the console.
 */
export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export type Block =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'fields'; readonly fields: readonly Field[] }
  | { readonly kind: 'table'; readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[]; readonly more?: number }
  | { readonly kind: 'context'; readonly text: string }
  | { readonly kind: 'divider' };

export interface Field {
  readonly label: string;
  readonly value: string;
}

/** What a button does. Payloads carry ids only; state is reloaded and re-authorized on click. */
export const ACTION_KINDS = ['approve', 'reject', 'override', 'override_approve', 'rollback', 'retry', 'details', 'ack', 'confirm', 'cancel', 'run', 'retrain', 'retrain_retry', 'retrain_approve', 'retrain_reject'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** Buttons whose click must carry a typed reason (a modal on Slack, a prompt on the console). */
export const ACTIONS_NEEDING_REASON: readonly ActionKind[] = ['reject', 'override', 'retrain_reject'];

export interface ActionPayload {
  /** payload format version */
  readonly v: 1;
  readonly a: ActionKind;
  /** the id of the thing acted on (a deployment, an alert, a pending confirmation) */
  readonly id: string;
}

export interface Button {
  readonly label: string;
  readonly style?: 'primary' | 'danger';
  readonly action: ActionPayload;
}

/**
 * A link button: it opens a page (a signed, expiring URL to a read-only page). Unlike a Button it is
 * not an action: it carries no payload, nothing is re-authorized on click, the page checks its own
 * signature. Rendered as a Slack url button, a Discord link button, a `label: url` line in text.
 */
export interface LinkButton {
  readonly label: string;
  readonly url: string;
}

export interface ReplyImage {
  readonly filename: string;
  readonly title: string;
  readonly alt: string;
  readonly png: Uint8Array;
}

/** A reply that stands for a live object and may later be updated in place. */
export interface CardRef {
  readonly kind: 'deployment' | 'report' | 'alert' | 'training';
  readonly id: string;
}

export interface Reply {
  readonly title?: string;
  readonly tone?: Tone;
  readonly blocks: readonly Block[];
  readonly buttons?: readonly Button[];
  /** Buttons that open a page (after the action buttons). */
  readonly links?: readonly LinkButton[];
  readonly images?: readonly ReplyImage[];
  /** Only the acting user sees it (mistakes, refusals). */
  readonly ephemeral?: boolean;
  readonly card?: CardRef;
  /** The structured result for `--format json` and the HTTP API. */
  readonly data?: unknown;
  /** Set on failure replies: the error code (CLI exit status, API status). */
  readonly error?: string;
}

export const encodeAction = (p: ActionPayload): string => JSON.stringify(p);

export function decodeAction(raw: string): ActionPayload | null {
  try {
    const v = JSON.parse(raw) as Partial<ActionPayload>;
    if (v && v.v === 1 && typeof v.a === 'string' && (ACTION_KINDS as readonly string[]).includes(v.a) && typeof v.id === 'string' && v.id.length <= 64) {
      return { v: 1, a: v.a as ActionKind, id: v.id };
    }
  } catch {
    /* not JSON */
  }
  return null;
}
