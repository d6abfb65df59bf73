import type { Metrics } from '../ports/metrics.js';
import type { StewardApp } from '../ports/steward-app.js';

/** The verb of a command line: its first word after an optional /prefix (lower case, at most 32 characters). */
const verbOf = (text: string | undefined): string => {
  const words = (text ?? '').trim().split(/\s+/);
  const first = words[0]?.startsWith('/') ? words[1] : words[0];
  return (first ?? '').toLowerCase().slice(0, 32) || 'help';
};

/**
 * The inbound port, counted: every command and button by verb and outcome (ok or its error code), and
 * the time to its reply. An unknown verb is counted as `unknown`, so what people type never becomes
 * a label.
 */
export function meteredApp(app: StewardApp, metrics: Metrics): StewardApp {
  return {
    ...app,
    async handleText(inv, surface) {
      const t0 = performance.now();
      const reply = await app.handleText(inv, surface);
      metrics.command(reply.error === 'unknown_command' ? 'unknown' : verbOf(inv.text), reply.error ?? 'ok', (performance.now() - t0) / 1000);
      return reply;
    },
    async handleAction(inv) {
      const t0 = performance.now();
      const reply = await app.handleAction(inv);
      metrics.command(`button:${String(inv.action?.a ?? 'unknown').slice(0, 24)}`, reply.error ?? 'ok', (performance.now() - t0) / 1000);
      return reply;
    },
  };
}
