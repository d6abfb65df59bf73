import type { types } from '@slack/bolt';
import { type Block, type Button, encodeAction, type LinkButton, type Reply, type Tone } from '../../src/chat/replies/reply.js';
import { ACTION_IDS, LINK_ACTION_ID } from './slack-action-ids.js';
import { SLACK_LIMITS as L } from './slack-limits.js';
import { escapeMrkdwn, inertAts, splitText, toMrkdwn, toPlain, truncate } from './slack-mrkdwn.js';
import { tableText } from './slack-table.js';

export type SlackBlock = types.KnownBlock;

/** What chat.postMessage / chat.update / response_url take: Block Kit blocks plus the notification text. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: SlackBlock[];
}

const TONE_EMOJI: Record<Tone, string> = { success: ':white_check_mark: ', warning: ':warning: ', danger: ':x: ', info: '', neutral: '' };
const MAX_ACTIONS_BLOCKS = 4;

/**
 * Neutral reply -> Block Kit. Pure; golden-tested per reply kind.
 *
 * - title -> header (plain_text, ≤150); tone as an emoji in front of the title (or of the first text).
 * - text -> section mrkdwn, split into several sections of ≤3000 characters.
 * - fields -> sections of ≤10 fields ("*label*\nvalue", ≤2000 each).
 * - table -> one section with a preformatted (```) block, rows that do not fit cut with "… N more".
 * - context, divider -> the same Block Kit blocks.
 * - buttons -> actions blocks of ≤25 buttons; action_id `steward:<kind>` (suffixed `:2`, `:3`… when
 *   repeated in one block), value = the versioned JSON payload (ids only, ≤2000).
 * - links -> url buttons after them (action_id `steward-link:<n>`, no value; Slack opens the URL and
 *   still sends a block_actions request, which the adapter acks and ignores). A URL over 3000 is left out.
 * - images: Block Kit image blocks need a public URL, and a Slack-hosted file can only be referenced
 *   once its upload has finished processing, so charts are posted as files (files.uploadV2 into the
 *   same channel/thread, right after the message — see SlackPublisher) and the message carries a
 *   context line naming each chart. Replies only the user sees cannot carry files; they say so.
 * - More than 50 blocks: content is cut and a "… N more blocks" context line added; buttons are kept.
 */
export function renderSlack(reply: Reply): SlackMessage {
  const mark = TONE_EMOJI[reply.tone ?? 'neutral'];
  const head: SlackBlock[] = reply.title ? [{ type: 'header', text: { type: 'plain_text', text: truncate(`${mark}${toPlain(reply.title)}`, L.headerText), emoji: true } }] : [];
  let prefix = reply.title ? '' : mark;
  const content: SlackBlock[] = [];
  for (const b of reply.blocks) {
    const out = renderBlock(b, prefix);
    if (out.length && (b.kind === 'text' || b.kind === 'fields' || b.kind === 'table')) prefix = '';
    content.push(...out);
  }
  const tail = [...imageNotes(reply), ...actions(reply.buttons ?? [], reply.links ?? [])];
  const room = L.blocksPerMessage - head.length - tail.length;
  const body = content.length <= room ? content : [...content.slice(0, room - 1), contextBlock(`… ${content.length - (room - 1)} more blocks not shown (too long for one Slack message)`)];
  const blocks = [...head, ...body, ...tail];
  return { text: fallbackText(reply), blocks: blocks.length ? blocks : [section(' ')] };
}

function renderBlock(b: Block, prefix: string): SlackBlock[] {
  switch (b.kind) {
    case 'text': {
      const t = toMrkdwn(b.text);
      if (!t.trim()) return [];
      return splitText(`${prefix}${t}`, L.sectionText).map(section);
    }
    case 'fields': {
      const fs = b.fields.map((f) => {
        const label = toMrkdwn(f.label).trim();
        const value = toMrkdwn(f.value).trim() || '—';
        return { type: 'mrkdwn' as const, text: truncate(label ? `*${label}*\n${value}` : value, L.fieldText) };
      });
      const out: SlackBlock[] = [];
      for (let i = 0; i < fs.length; i += L.fieldsPerSection) out.push({ type: 'section', fields: fs.slice(i, i + L.fieldsPerSection) });
      if (prefix && out.length) out.unshift(section(prefix.trim()));
      return out;
    }
    case 'table':
      return [section(`${prefix}${prefix ? '\n' : ''}${tableText(b.columns, b.rows, b.more, L.sectionText - prefix.length - 1)}`)];
    case 'context': {
      const t = toMrkdwn(b.text);
      return t.trim() ? [contextBlock(t, true)] : [];
    }
    case 'divider':
      return [{ type: 'divider' }];
  }
}

const section = (mrkdwn: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn, L.sectionText) } });

function contextBlock(text: string, escaped = false): SlackBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(escaped ? text : escapeMrkdwn(text), L.contextText) }] };
}

function imageNotes(reply: Reply): SlackBlock[] {
  const imgs = reply.images ?? [];
  if (!imgs.length) return [];
  const how = reply.ephemeral ? 'not attached: charts cannot be shown in a reply only you can see' : 'attached below';
  const shown = imgs.length > L.contextElements ? imgs.slice(0, L.contextElements - 1) : imgs;
  const elements = shown.map((img) => ({ type: 'mrkdwn' as const, text: truncate(`:bar_chart: *${inertAts(escapeMrkdwn(toPlain(img.title) || img.filename))}* (${how})`, L.contextText) }));
  if (shown.length < imgs.length) elements.push({ type: 'mrkdwn', text: `… ${imgs.length - shown.length} more charts` });
  return [{ type: 'context', elements }];
}

type ActionElement = { type: 'button'; action_id: string; text: { type: 'plain_text'; text: string; emoji: true }; value?: string; url?: string; style?: 'primary' | 'danger' };

function actions(buttons: readonly Button[], links: readonly LinkButton[]): SlackBlock[] {
  const usable = buttons.filter((b) => encodeAction(b.action).length <= L.buttonValue);
  const usableLinks = links.filter((l) => l.url.length <= L.buttonUrl && /^https?:\/\//.test(l.url));
  const max = L.actionsElements * MAX_ACTIONS_BLOCKS;
  const seen = new Map<string, number>();
  const all: ActionElement[] = [
    ...usable.map((b, i): ActionElement => {
      // action_ids are unique per actions block
      if (i % L.actionsElements === 0) seen.clear();
      const base = ACTION_IDS[b.action.a];
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return {
        type: 'button',
        action_id: n === 1 ? base : `${base}:${n}`,
        text: { type: 'plain_text', text: truncate(toPlain(b.label).trim() || b.action.a, L.buttonText), emoji: true },
        value: encodeAction(b.action),
        ...(b.style ? { style: b.style } : {}),
      };
    }),
    ...usableLinks.map((l, i): ActionElement => ({ type: 'button', action_id: `${LINK_ACTION_ID}:${i + 1}`, text: { type: 'plain_text', text: truncate(toPlain(l.label).trim() || 'Open', L.buttonText), emoji: true }, url: l.url })),
  ];
  const shown = all.slice(0, max);
  const out: SlackBlock[] = [];
  for (let i = 0; i < shown.length; i += L.actionsElements) out.push({ type: 'actions', elements: shown.slice(i, i + L.actionsElements) });
  const dropped = buttons.length + links.length - shown.length;
  if (dropped > 0) out.push(contextBlock(`… ${dropped} more buttons not shown`));
  return out;
}

/** The top-level `text`: what notifications and screen readers show. Title and first text, plain. */
export function fallbackText(reply: Reply): string {
  const first = reply.blocks.find((b): b is Extract<Block, { kind: 'text' }> => b.kind === 'text' && b.text.trim() !== '');
  const parts = [reply.title, first?.text].filter((p): p is string => !!p).map((p) => toPlain(p).replace(/\s+/g, ' ').trim());
  const t = parts.join(' — ') || (reply.error ? 'Steward could not do that' : 'Steward');
  return truncate(inertAts(escapeMrkdwn(t)), L.fallbackText);
}
