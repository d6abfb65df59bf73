import type { Reply, ReplyImage } from './reply.js';

/**
 * A Reply as JSON, to keep it in the database until it can be delivered (chat_deliveries): chart
 * PNGs become base64; `data` (the structured result for `--format json`) is not kept, chat never
 * shows it.
 */
export function replyToJson(r: Reply): Record<string, unknown> {
  const { data: _data, images, ...rest } = r;
  return { ...rest, ...(images?.length ? { images: images.map((i) => ({ filename: i.filename, title: i.title, alt: i.alt, png: Buffer.from(i.png).toString('base64') })) } : {}) };
}

export function replyFromJson(j: Readonly<Record<string, unknown>>): Reply {
  const { images, ...rest } = j as unknown as Omit<Reply, 'images'> & { images?: (Omit<ReplyImage, 'png'> & { png: string })[] };
  return { ...rest, ...(images?.length ? { images: images.map((i): ReplyImage => ({ filename: i.filename, title: i.title, alt: i.alt, png: new Uint8Array(Buffer.from(i.png, 'base64')) })) } : {}) };
}
