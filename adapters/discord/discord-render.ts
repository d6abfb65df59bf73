import { type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIButtonComponentWithURL, type APIEmbed, ButtonStyle, ComponentType } from 'discord.js';
import { type Button, encodeAction, type LinkButton, type Reply, type ReplyImage, type Tone } from '../../src/chat/replies/reply.js';
import { EmbedLayout } from './discord-embed-layout.js';
import { DISCORD_LIMITS as L, EPHEMERAL_FLAG } from './discord-limits.js';
import { toPlain, truncate } from './discord-markdown.js';

export type DiscordActionRow = APIActionRowComponent<APIButtonComponentWithCustomId | APIButtonComponentWithURL>;

/** The JSON part of a message (the `payload_json` when files are attached): what POST/PATCH message and interaction responses take. */
export interface DiscordMessageBody {
  readonly embeds: APIEmbed[];
  readonly components: DiscordActionRow[];
  /** nobody is pinged by anything Steward writes */
  readonly allowed_mentions: { readonly parse: readonly [] };
  /** one entry per file, `id` = its index in `files` */
  readonly attachments?: { readonly id: number; readonly filename: string; readonly description?: string }[];
  /** 64 = ephemeral (interaction responses only) */
  readonly flags?: number;
}

export interface DiscordFile {
  readonly name: string;
  readonly data: Uint8Array;
  readonly contentType: 'image/png';
}

export interface DiscordMessage {
  readonly body: DiscordMessageBody;
  readonly files: DiscordFile[];
}

/** Discord's own palette: the bar down the side of each embed. */
export const TONE_COLOR: Record<Tone, number> = { success: 0x57f287, warning: 0xfee75c, danger: 0xed4245, info: 0x5865f2, neutral: 0x99aab5 };
const TONE_MARK: Record<Tone, string> = { success: '✅ ', warning: '⚠️ ', danger: '❌ ', info: '', neutral: '' };
const STYLE: Record<NonNullable<Button['style']> | 'none', ButtonStyle.Primary | ButtonStyle.Danger | ButtonStyle.Secondary> = { primary: ButtonStyle.Primary, danger: ButtonStyle.Danger, none: ButtonStyle.Secondary };
/** room kept out of the 6000 characters for the footer notes ("… N more …") */
const NOTE_RESERVE = 200;

/**
 * Neutral reply -> one Discord message. Pure; golden-tested per reply kind; never past a limit.
 *
 * - title -> the first embed's title (≤256, plain), tone -> the embed colour and an emoji in front
 *   of the title (or of the first text when there is no title).
 * - text -> the description (paragraphs), context -> italic small print, table -> a code block,
 *   fields -> embed fields (short values inline, three to a row); after fields, text and tables
 *   become full-width fields so the order is kept (see EmbedLayout). Dividers have no embed
 *   equivalent and are dropped. Over 4096 / 25 fields -> continued in a second embed; past the
 *   message's 6000 characters -> cut with "… N more lines", and a footer counts what is not shown.
 * - buttons -> action rows (≤5 rows × 5); custom_id = the versioned ids-only payload (encodeAction,
 *   ≤100; longer or repeated payloads are left out and counted); primary/danger/secondary styles.
 * - links -> link buttons (style 5, `url`, no custom_id: Discord opens the page and sends Steward
 *   nothing), after the action buttons in the same rows; a URL over 512 is left out and counted.
 * - images -> files attached to the message, each shown in its own embed titled with the chart's
 *   title (`image.url = attachment://<name>`), the alt text as the attachment's description.
 * - ephemeral -> flags 64 (only for interaction responses; channel posts ignore it).
 * - `@<user id>` in text -> a mention (shows the name, pings nobody: allowed_mentions is empty).
 */
export function renderDiscord(reply: Reply): DiscordMessage {
  const tone = reply.tone ?? 'neutral';
  const images = (reply.images ?? []).slice(0, Math.min(L.attachments, L.embedsPerMessage - 1));
  const names = new Set<string>();
  const files = images.map((img) => ({ name: fileName(img, names), data: img.png, contentType: 'image/png' as const }));
  const imageEmbeds: APIEmbed[] = images.map((img, i) => ({ title: truncate(toPlain(img.title).trim() || img.filename, L.embedTitle), image: { url: `attachment://${files[i]!.name}` }, color: TONE_COLOR[tone] }));
  const imageChars = imageEmbeds.reduce((n, e) => n + (e.title?.length ?? 0), 0);

  const title = reply.title ? truncate(`${TONE_MARK[tone]}${toPlain(reply.title).replace(/\s+/g, ' ').trim()}`, L.embedTitle) : undefined;
  const layout = new EmbedLayout(L.embedTotal - NOTE_RESERVE - imageChars, L.embedsPerMessage - imageEmbeds.length, title);
  let mark = title ? '' : TONE_MARK[tone];
  for (const b of reply.blocks) {
    if (b.kind === 'text' && b.text.trim()) {
      layout.text(`${mark}${b.text}`);
      mark = '';
    } else if (b.kind === 'context') layout.text(b.text, true);
    else if (b.kind === 'fields') layout.fields(b.fields);
    else if (b.kind === 'table') layout.table(b.columns, b.rows, b.more);
  }

  const { rows, dropped } = actionRows(reply.buttons ?? [], reply.links ?? []);
  const notes = [
    layout.hiddenBlocks || layout.hiddenFields ? `… ${[count(layout.hiddenFields, 'field'), count(layout.hiddenBlocks, 'part')].filter(Boolean).join(' and ')} not shown (too long for one Discord message)` : '',
    dropped ? `… ${count(dropped, 'button')} not shown` : '',
    (reply.images?.length ?? 0) > images.length ? `… ${count(reply.images!.length - images.length, 'chart')} not attached` : '',
  ].filter(Boolean);

  const embeds: APIEmbed[] = layout.drafts
    .filter((d) => d.title || d.description || d.fields.length)
    .map((d) => ({ ...(d.title ? { title: d.title } : {}), ...(d.description ? { description: d.description } : {}), ...(d.fields.length ? { fields: d.fields } : {}), color: TONE_COLOR[tone] }));
  const all = [...embeds, ...imageEmbeds];
  // Discord refuses a message with nothing in it
  if (!all.length) all.push({ description: '—', color: TONE_COLOR[tone] });
  if (notes.length) all[all.length - 1] = { ...all[all.length - 1]!, footer: { text: truncate(notes.join(' · '), NOTE_RESERVE) } };
  return {
    body: {
      embeds: all,
      components: rows,
      allowed_mentions: { parse: [] },
      ...(files.length ? { attachments: files.map((f, i) => ({ id: i, filename: f.name, ...(images[i]!.alt ? { description: truncate(images[i]!.alt, L.attachmentDescription) } : {}) })) } : {}),
      ...(reply.ephemeral ? { flags: EPHEMERAL_FLAG } : {}),
    },
    files,
  };
}

const count = (n: number, what: string) => (n ? `${n} more ${what}${n === 1 ? '' : 's'}` : '');

/** Buttons, then links -> action rows; a payload longer than a custom_id, or one already on the message, is left out. */
function actionRows(buttons: readonly Button[], links: readonly LinkButton[]): { rows: DiscordActionRow[]; dropped: number } {
  const seen = new Set<string>();
  const usable: (APIButtonComponentWithCustomId | APIButtonComponentWithURL)[] = [];
  for (const b of buttons) {
    const id = encodeAction(b.action);
    if (id.length > L.customId || seen.has(id) || usable.length >= L.actionRows * L.buttonsPerRow) continue;
    seen.add(id);
    usable.push({ type: ComponentType.Button, custom_id: id, label: truncate(toPlain(b.label).replace(/\s+/g, ' ').trim() || b.action.a, L.buttonLabel), style: STYLE[b.style ?? 'none'] });
  }
  for (const l of links) {
    if (l.url.length > L.buttonUrl || !/^https?:\/\//.test(l.url) || usable.length >= L.actionRows * L.buttonsPerRow) continue;
    usable.push({ type: ComponentType.Button, style: ButtonStyle.Link, url: l.url, label: truncate(toPlain(l.label).replace(/\s+/g, ' ').trim() || 'Open', L.buttonLabel) });
  }
  const rows: DiscordActionRow[] = [];
  for (let i = 0; i < usable.length; i += L.buttonsPerRow) rows.push({ type: ComponentType.ActionRow, components: usable.slice(i, i + L.buttonsPerRow) });
  return { rows, dropped: buttons.length + links.length - usable.length };
}

/** Attachment names Discord accepts in `attachment://…`: [A-Za-z0-9._-], ending in .png, unique in the message. */
function fileName(img: ReplyImage, used: Set<string>): string {
  const base = img.filename.replace(/\.png$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60) || 'chart';
  let name = `${base}.png`;
  for (let n = 2; used.has(name); n++) name = `${base}-${n}.png`;
  used.add(name);
  return name;
}
