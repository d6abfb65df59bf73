import { pino, type DestinationStream } from 'pino';
import type { Logger } from '../commands/command-context.js';

/** Paths pino blanks out wherever they appear in a logged object. */
export const REDACT_PATHS = [
  'token',
  'secret',
  'password',
  'authorization',
  '*.token',
  '*.secret',
  '*.password',
  '*.authorization',
  '*.signingSecret',
  '*.botToken',
  '*.appToken',
  '*.apiKey',
  'headers.authorization',
  'headers["x-slack-signature"]',
  'headers["x-steward-signature"]',
  'config.database.url',
  'apiKey',
  'config.llm.apiKey',
  'llm.apiKey',
  'OPENAI_API_KEY',
  '*.OPENAI_API_KEY',
  'config.discord.token',
  'discord.token',
  'config.targets.*.secret',
  'config.targets.*.token',
  'targets.*.secret',
  'targets.*.token',
  'target.secret',
  'target.token',
  'headers.Authorization',
  'headers["X-Steward-Signature"]',
];

export function createLogger(level: string, destination?: DestinationStream): Logger & { child(b: object): Logger } {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'steward' } }, destination ?? pino.destination(2));
}

/** "postgres://user:secret@host/db" -> "postgres://user:***@host/db" for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
