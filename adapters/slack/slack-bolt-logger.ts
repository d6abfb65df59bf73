import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/ports/logger.js';

/** Bolt's and the WebClient's log lines into Steward's logger (pino redacts tokens and signatures). */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const line = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...m: unknown[]) => log.debug({ src: 'slack' }, line(m)),
    info: (...m: unknown[]) => log.info({ src: 'slack' }, line(m)),
    warn: (...m: unknown[]) => log.warn({ src: 'slack' }, line(m)),
    error: (...m: unknown[]) => log.error({ src: 'slack' }, line(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
