import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reply } from './reply.js';

/** Save a reply's images and return the paths, so the text can say where each chart is. */
export function saveImages(reply: Reply, dir: string): string[] {
  if (!reply.images?.length) return [];
  mkdirSync(dir, { recursive: true });
  return reply.images.map((img) => {
    const p = join(dir, img.filename);
    writeFileSync(p, img.png);
    return p;
  });
}
