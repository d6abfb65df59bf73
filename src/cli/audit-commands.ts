import { createLogger } from '../app/logger.js';
import { configuredSecrets } from '../config/configured-secrets.js';
import { verifyAudit } from '../governance/verify-audit.js';
import { sha256Hex } from '../db/repos/audit-repo.js';
import { fileAnchorSink } from '../app/anchor-file.js';
import type { AuditAnchor } from '../governance/domain/audit-keys.js';
import { openRuntime } from '../app/runtime.js';
import type { CliIo } from './cli-io.js';
import { ExitError, loadOrExit } from './load-or-exit.js';

type Env = Record<string, string | undefined>;
const PAGE = 2000;

/** `steward audit verify`: walk the hash chain; exit 0 with the count, or exit 1 naming the first broken event. */
export async function auditVerifyCommand(io: CliIo, env: Env): Promise<void> {
  const config = loadOrExit(io, env);
  const rt = await openRuntime(config, createLogger('warn', undefined, configuredSecrets(config)), { mode: 'one-shot' });
  try {
    let anchors: AuditAnchor[] = [];
    if (config.audit) {
      try {
        anchors = await fileAnchorSink(config.audit.anchorFile).read();
      } catch (e) {
        io.err(`steward: ${(e as Error).message}`);
        throw new ExitError(1);
      }
    }
    const verdict = await verifyAudit(rt.steward.store.read.audit, rt.auditKeys ?? sha256Hex, anchors);
    if (verdict.ok) {
      io.out(`audit log intact: ${verdict.count} events verified; head ${verdict.headHash.slice(0, 16)}…; ${anchors.length ? `${anchors.length} anchor${anchors.length === 1 ? '' : 's'} in ${config.audit!.anchorFile} agree` : 'no anchors yet'}`);
      return;
    }
    io.err(`steward: audit log broken at event #${verdict.brokenSeq}: ${verdict.reason} (${verdict.count} events before it verified)`);
    throw new ExitError(1);
  } finally {
    await rt.close();
  }
}

/**
 * One CSV cell. A cell a spreadsheet would read as a formula (starting with = + - @, tab or CR) gets
 * a leading single quote (OWASP's advice on CSV injection); then quoting as RFC 4180 asks.
 */
export const csvCell = (v: unknown): string => {
  const raw = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  const s = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** `steward audit export --format csv|json [--since DATE]`: every event with its hashes, oldest first. */
export async function auditExportCommand(io: CliIo, env: Env, o: { format?: string; since?: string }): Promise<void> {
  const format = o.format ?? 'json';
  if (format !== 'json' && format !== 'csv') {
    io.err(`steward: --format takes csv or json, got "${format}"`);
    throw new ExitError(2);
  }
  let since: Date | null = null;
  if (o.since !== undefined) {
    since = new Date(o.since);
    if (!/^\d{4}-\d{2}-\d{2}/.test(o.since) || Number.isNaN(since.getTime())) {
      io.err(`steward: --since takes a date like 2026-11-01 or 2026-11-01T12:00Z, got "${o.since}"`);
      throw new ExitError(2);
    }
  }
  const config = loadOrExit(io, env);
  if (o.format === undefined) io.err('steward: no --format given; writing JSON (use --format csv for CSV)');
  const rt = await openRuntime(config, createLogger('warn', undefined, configuredSecrets(config)), { mode: 'one-shot' });
  try {
    const audit = rt.steward.store.read.audit;
    const cols = ['seq', 'at', 'actor', 'platform', 'channel', 'action', 'target', 'details', 'prevHash', 'hash'] as const;
    if (format === 'csv') io.out(cols.join(','));
    const rows: unknown[] = [];
    let after = 0;
    for (;;) {
      const page = await audit.scan(after, PAGE);
      if (!page.length) break;
      for (const e of page) {
        if (since && e.at < since) continue;
        const rec = { ...e, at: e.at.toISOString() };
        if (format === 'csv') io.out(cols.map((c) => csvCell(rec[c])).join(','));
        else rows.push(rec);
      }
      after = page[page.length - 1]!.seq;
    }
    if (format === 'json') io.out(JSON.stringify(rows, null, 2));
  } finally {
    await rt.close();
  }
}
