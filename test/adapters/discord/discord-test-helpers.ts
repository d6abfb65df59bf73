import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIEmbed } from 'discord.js';

/** A recorded interaction from test/fixtures/discord (Discord's documented JSON). */
export const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/discord', name), 'utf8')) as Record<string, unknown>;

export interface ButtonLike {
  readonly custom_id: string;
  readonly label: string;
  readonly style: number;
}

/** Every button of a message's action rows, in order. */
export function buttonsOf(components: unknown): ButtonLike[] {
  if (!Array.isArray(components)) return [];
  return components.flatMap((r: { components?: ButtonLike[] }) => r.components ?? []);
}

/** All text a user would read in a message's embeds (title, description, fields, footer). */
export function embedText(embeds: unknown): string {
  if (!Array.isArray(embeds)) return '';
  return (embeds as APIEmbed[])
    .flatMap((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text])
    .filter((x): x is string => !!x)
    .join('\n');
}
