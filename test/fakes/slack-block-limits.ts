/**
 * Slack's documented Block Kit limits, checked the way Slack checks them (it answers invalid_blocks).
 * Written from the Block Kit reference independently of the renderer's own constants, so a renderer
 * bug cannot hide behind a shared wrong number. Returns one line per violation; [] means valid.
 */
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function textObj(t: unknown, where: string, max: number, out: string[], kind?: 'plain_text' | 'mrkdwn'): void {
  if (!isObj(t)) return void out.push(`${where}: missing text object`);
  if (t.type !== 'plain_text' && t.type !== 'mrkdwn') out.push(`${where}: text type must be plain_text or mrkdwn`);
  if (kind && t.type !== kind) out.push(`${where}: must be ${kind}`);
  if (typeof t.text !== 'string' || t.text.length < 1) out.push(`${where}: text must be at least 1 character`);
  else if (t.text.length > max) out.push(`${where}: text is ${t.text.length} characters, max ${max}`);
  if (t.type === 'mrkdwn' && typeof t.text === 'string' && /<(?![@#!]|https?:|mailto:)/.test(t.text)) out.push(`${where}: unescaped "<" in mrkdwn`);
}

export function blockKitProblems(blocks: unknown, opts: { surface?: 'message' | 'modal' } = {}): string[] {
  const out: string[] = [];
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  const maxBlocks = opts.surface === 'modal' ? 100 : 50;
  if (blocks.length > maxBlocks) out.push(`${blocks.length} blocks, max ${maxBlocks}`);
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    const w = `blocks[${i}]`;
    if (!isObj(b)) return void out.push(`${w}: not an object`);
    if (typeof b.block_id === 'string') {
      if (b.block_id.length > 255) out.push(`${w}: block_id over 255`);
      if (blockIds.has(b.block_id)) out.push(`${w}: duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case 'header':
        textObj(b.text, `${w}.text`, 150, out, 'plain_text');
        break;
      case 'section': {
        if (b.text === undefined && b.fields === undefined) out.push(`${w}: section needs text or fields`);
        if (b.text !== undefined) textObj(b.text, `${w}.text`, 3000, out);
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields) || b.fields.length < 1) out.push(`${w}.fields: must be a non-empty array`);
          else {
            if (b.fields.length > 10) out.push(`${w}.fields: ${b.fields.length} fields, max 10`);
            b.fields.forEach((f, j) => textObj(f, `${w}.fields[${j}]`, 2000, out));
          }
        }
        break;
      }
      case 'context': {
        const els = b.elements;
        if (!Array.isArray(els) || els.length < 1) out.push(`${w}.elements: must be a non-empty array`);
        else {
          if (els.length > 10) out.push(`${w}.elements: ${els.length} elements, max 10`);
          els.forEach((e, j) => (isObj(e) && e.type === 'image' ? undefined : textObj(e, `${w}.elements[${j}]`, 3000, out)));
        }
        break;
      }
      case 'divider':
        break;
      case 'actions': {
        const els = b.elements;
        if (!Array.isArray(els) || els.length < 1) out.push(`${w}.elements: must be a non-empty array`);
        else {
          if (els.length > 25) out.push(`${w}.elements: ${els.length} elements, max 25`);
          const ids = new Set<string>();
          els.forEach((e, j) => {
            const ew = `${w}.elements[${j}]`;
            if (!isObj(e) || e.type !== 'button') return void out.push(`${ew}: expected a button`);
            textObj(e.text, `${ew}.text`, 75, out, 'plain_text');
            if (typeof e.action_id !== 'string' || e.action_id.length > 255) out.push(`${ew}.action_id: required, max 255`);
            else if (ids.has(e.action_id)) out.push(`${ew}.action_id: duplicate ${e.action_id} in one block`);
            else ids.add(e.action_id);
            if (e.value !== undefined && (typeof e.value !== 'string' || e.value.length > 2000)) out.push(`${ew}.value: max 2000 characters`);
            if (e.url !== undefined && (typeof e.url !== 'string' || e.url.length > 3000)) out.push(`${ew}.url: max 3000 characters`);
            if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') out.push(`${ew}.style: primary or danger`);
          });
        }
        break;
      }
      case 'image':
        if (typeof b.alt_text !== 'string' || b.alt_text.length > 2000) out.push(`${w}.alt_text: required, max 2000`);
        if (typeof b.image_url !== 'string' && !isObj(b.slack_file)) out.push(`${w}: image needs image_url or slack_file`);
        break;
      case 'input':
        if (opts.surface !== 'modal') out.push(`${w}: input blocks belong in modals`);
        textObj(b.label, `${w}.label`, 2000, out, 'plain_text');
        break;
      default:
        out.push(`${w}: unknown block type ${String(b.type)}`);
    }
  });
  return out;
}
