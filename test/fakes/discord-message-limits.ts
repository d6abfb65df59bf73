/**
 * What Discord checks before it accepts a message (embed limits, components, attachments), as a list
 * of problems — empty when Discord would accept it. Used by renderer tests and by the REST stand-in,
 * which refuses a message with problems the way Discord does (400, code 50035 Invalid Form Body).
 * https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 */
interface Embed {
  title?: string;
  description?: string;
  fields?: { name?: string; value?: string; inline?: boolean }[];
  footer?: { text?: string };
  author?: { name?: string };
  image?: { url?: string };
  color?: number;
}

interface Component {
  type?: number;
  components?: { type?: number; custom_id?: string; label?: string; style?: number; url?: string }[];
}

export interface MessageLike {
  content?: string;
  embeds?: Embed[];
  components?: Component[];
  attachments?: { id?: number | string; filename?: string; description?: string }[];
  flags?: number;
}

const len = (s: string | undefined) => s?.length ?? 0;

export function discordMessageProblems(body: MessageLike, fileNames: readonly string[] = [], opts: { interaction?: boolean } = {}): string[] {
  const p: string[] = [];
  const embeds = body.embeds ?? [];
  if (len(body.content) > 2000) p.push(`content: ${len(body.content)} > 2000`);
  if (embeds.length > 10) p.push(`embeds: ${embeds.length} > 10`);
  let total = 0;
  embeds.forEach((e, i) => {
    const at = `embeds[${i}]`;
    if (len(e.title) > 256) p.push(`${at}.title: ${len(e.title)} > 256`);
    if (len(e.description) > 4096) p.push(`${at}.description: ${len(e.description)} > 4096`);
    if (len(e.footer?.text) > 2048) p.push(`${at}.footer.text: ${len(e.footer?.text)} > 2048`);
    const fields = e.fields ?? [];
    if (fields.length > 25) p.push(`${at}.fields: ${fields.length} > 25`);
    fields.forEach((f, j) => {
      if (!f.name?.trim() && f.name !== '\u200b') p.push(`${at}.fields[${j}].name: empty`);
      if (!f.value?.trim() && f.value !== '\u200b') p.push(`${at}.fields[${j}].value: empty`);
      if (len(f.name) > 256) p.push(`${at}.fields[${j}].name: ${len(f.name)} > 256`);
      if (len(f.value) > 1024) p.push(`${at}.fields[${j}].value: ${len(f.value)} > 1024`);
      total += len(f.name) + len(f.value);
    });
    total += len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name);
    if (!e.title && !e.description && !fields.length && !e.image && !e.footer) p.push(`${at}: empty embed`);
    const url = e.image?.url;
    if (url?.startsWith('attachment://') && !fileNames.includes(url.slice('attachment://'.length))) p.push(`${at}.image.url: ${url} names no attached file`);
  });
  if (total > 6000) p.push(`embeds: ${total} characters in all > 6000`);
  const rows = body.components ?? [];
  if (rows.length > 5) p.push(`components: ${rows.length} rows > 5`);
  const ids = new Set<string>();
  rows.forEach((r, i) => {
    if (r.type !== 1) p.push(`components[${i}]: not an action row`);
    const cs = r.components ?? [];
    if (!cs.length || cs.length > 5) p.push(`components[${i}]: ${cs.length} buttons (1–5)`);
    cs.forEach((c, j) => {
      const at = `components[${i}][${j}]`;
      if (c.type !== 2) p.push(`${at}: not a button`);
      if (c.style === 5) {
        // a link button: a url (≤512, http or https), never a custom_id
        if (!c.url || c.url.length > 512 || !/^https?:\/\//.test(c.url)) p.push(`${at}.url: ${len(c.url)} characters (1–512, http or https)`);
        if (c.custom_id !== undefined) p.push(`${at}: a link button has no custom_id`);
        if (!c.label || c.label.length > 80) p.push(`${at}.label: ${len(c.label)} characters (1–80)`);
        return;
      }
      if (c.url !== undefined) p.push(`${at}.url: only a link button (style 5) has one`);
      if (!c.custom_id || c.custom_id.length > 100) p.push(`${at}.custom_id: ${len(c.custom_id)} characters (1–100)`);
      if (c.custom_id && ids.has(c.custom_id)) p.push(`${at}.custom_id: duplicate ${c.custom_id}`);
      if (c.custom_id) ids.add(c.custom_id);
      if (!c.label || c.label.length > 80) p.push(`${at}.label: ${len(c.label)} characters (1–80)`);
      if (![1, 2, 3, 4].includes(c.style ?? 0)) p.push(`${at}.style: ${c.style}`);
    });
  });
  const atts = body.attachments ?? [];
  if (fileNames.length > 10) p.push(`files: ${fileNames.length} > 10`);
  atts.forEach((a, i) => {
    if (fileNames.length && fileNames[Number(a.id)] === undefined) p.push(`attachments[${i}].id: ${a.id} is not a file index`);
    if (len(a.description) > 1024) p.push(`attachments[${i}].description: ${len(a.description)} > 1024`);
  });
  if (body.flags !== undefined && (body.flags & ~64) !== 0) p.push(`flags: ${body.flags}`);
  if (body.flags && !opts.interaction) p.push('flags: ephemeral is only for interaction responses');
  if (!body.content && !embeds.length && !rows.length && !fileNames.length) p.push('empty message');
  return p;
}
