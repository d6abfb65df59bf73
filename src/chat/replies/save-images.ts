import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reply } from './reply.js';

/** Where saveImages puts a reply's images, in order (nothing is written). */
export const imagePaths = (reply: Reply, dir: string): string[] => (reply.images ?? []).map((img) => join(dir, img.filename));

/** Save a reply's images and return the paths, so the text can say where each chart is. */
export function saveImages(reply: Reply, dir: string): string[] {
  if (!reply.images?.length) return [];
  mkdirSync(dir, { recursive: true });
  const paths = imagePaths(reply, dir);
  reply.images.forEach((img, i) => writeFileSync(paths[i]!, img.png));
  return paths;
}
