import type { Config } from '../config/config.js';
import { type Clock, systemClock } from '../core/clock.js';
import type { Database } from '../db/database.js';
import { drizzleStore } from '../db/repos/drizzle-store.js';
import { type DatabaseTarget, openDatabase } from '../db/open-database.js';
import { MultiPublisher } from '../chat/replies/publisher.js';
import type { Logger } from '../ports/logger.js';
import type { DeployExecutor } from '../deploy/domain/executor.js';
import { composeSteward, type ComposeOptions, type Steward } from './compose.js';
import { runningStewards } from './instance-heartbeat.js';
import { QueuedWorkLog, nobodyWillRunIt } from './queued-work.js';
import { auditKeyring, localAuditKey, sha256Hex } from '../db/audit-keyring.js';
import { verifyAudit } from '../governance/verify-audit.js';
import type { ChainVerdict } from '../governance/domain/hash-chain.js';
import { auditAnchorer } from '../governance/anchor-audit.js';
import type { AuditAnchor, AuditKeys } from '../governance/domain/audit-keys.js';
import { fileAnchorSink, withChannelAnchors } from './anchor-file.js';
import { prometheusMetrics } from './prometheus-metrics.js';
import { type PageSigner, pageSigner } from '../pages/signed-page-links.js';
import { localPagesKey } from '../pages/pages-key.js';

export interface Runtime {
  readonly steward: Steward;
  readonly database: Database;
  /** chat platforms register their publishers here as they connect */
  readonly publisher: MultiPublisher;
  /** what seals the audit log (null: a configuration without `audit`, as in tests) */
  readonly auditKeys: AuditKeys | null;
  /** a server's: anchor the audit head now (also on a schedule and after each governance decision) */
  readonly anchor: (() => Promise<void>) | null;
  /** a server's: what /metrics serves */
  readonly metrics: ReturnType<typeof prometheusMetrics> | null;
  /** a server's with an HTTP port: signs the read-only pages' links (tell it where the server listens) */
  readonly pages: PageSigner | null;
  /** the audit chain verified against this process's keys and the anchors kept outside the database (re-walked only when the head moved) */
  verifyAudit(): Promise<ChainVerdict>;
  /**
   * After a command in a one-shot process: one line when it queued work (an approved deployment, a
   * message for chat channels, a requested report) and no running Steward will pick it up; else null.
   */
  unattendedWork(): Promise<string | null>;
  close(): Promise<void>;
}

export function databaseTarget(config: Config): DatabaseTarget {
  return config.database.url ? { kind: 'postgres', url: config.database.url } : { kind: 'pglite', dataDir: config.database.dataDir };
}

/**
 * Open the database (migrated) and compose Steward on it. A `server` (steward start) carries out
 * events at once and runs deploys; a `one-shot` process (a CLI command, `steward chat`) leaves them
 * in the outbox for a running Steward and can say when none runs.
 */
export async function openRuntime(config: Config, log: Logger, opts: { mode: 'server' | 'one-shot'; clock?: Clock; database?: Database; runner?: Extract<ComposeOptions['effects'], { mode: 'now' }>['runner']; executor?: DeployExecutor }): Promise<Runtime> {
  const database = opts.database ?? (await openDatabase(databaseTarget(config)));
  const clock = opts.clock ?? systemClock;
  const publisher = new MultiPublisher();
  const queued = opts.mode === 'one-shot' ? new QueuedWorkLog() : null;
  // the audit log's keys: STEWARD_AUDIT_KEYS, else the key kept in the data directory
  const auditKeys = config.audit ? auditKeyring(config.audit.keys.length ? config.audit.keys : [localAuditKey(config.audit.keyFile)]) : undefined;
  const raw = drizzleStore(database.db, auditKeys);
  const sink = config.audit ? (config.audit.channel ? withChannelAnchors(fileAnchorSink(config.audit.anchorFile), publisher, config.audit.channel, log) : fileAnchorSink(config.audit.anchorFile)) : null;
  const anchorer = auditKeys && sink && opts.mode === 'server' ? auditAnchorer({ store: raw, clock, keys: auditKeys, sink }) : null;
  const anchor = anchorer
    ? async () => {
        try {
          await anchorer();
        } catch (err) {
          log.error({ err }, 'anchoring the audit log failed');
        }
      }
    : null;
  const metrics = opts.mode === 'server' ? prometheusMetrics({ store: raw, clock }) : null;
  // the pages' links: STEWARD_PAGES_KEY, else the key kept in the data directory; served only with an HTTP server
  const pages =
    opts.mode === 'server' && config.http.port !== null && config.pages
      ? pageSigner({ secret: config.pages.key ?? localPagesKey(config.pages.keyFile), clock, ttlMs: config.pages.linkTtlMs, publicUrl: config.pages.publicUrl })
      : null;
  if (pages && config.database.url && config.pages && !config.pages.key) log.warn({ keyFile: config.pages.keyFile }, 'STEWARD_PAGES_KEY is not set: page links are signed with a key kept in this machine\'s data directory; replicas must share one key (STEWARD_PAGES_KEY) or links made by one are refused by another (docs/pages.md)');
  let verified: { key: string; verdict: ChainVerdict } | null = null;
  const steward = composeSteward({
    ...(pages ? { pageLinks: pages } : {}),
    ...(anchor ? { anchor } : {}),
    ...(metrics ? { metrics } : {}),
    config,
    store: queued ? queued.observe(raw) : raw,
    clock,
    log,
    publisher,
    effects: queued ? { mode: 'outbox', left: queued.note } : { mode: 'now', ...(opts.runner ? { runner: opts.runner } : {}), ...(opts.executor ? { executor: opts.executor } : {}) },
  });
  return {
    steward,
    database,
    publisher,
    auditKeys: auditKeys ?? null,
    anchor,
    metrics,
    pages,
    async verifyAudit() {
      const head = await raw.read.audit.head();
      const key = head ? `${head.seq}:${head.hash}` : 'empty';
      if (verified?.key === key) return verified.verdict;
      let anchors: AuditAnchor[] = [];
      try {
        anchors = config.audit ? await fileAnchorSink(config.audit.anchorFile).read() : [];
      } catch (e) {
        return { ok: false, count: 0, brokenSeq: 0, reason: `the anchor file cannot be read: ${(e as Error).message}` };
      }
      const verdict = await verifyAudit(raw.read.audit, auditKeys ?? sha256Hex, anchors);
      verified = { key, verdict };
      return verdict;
    },
    async unattendedWork() {
      const work = queued?.take() ?? [];
      if (!work.length) return null;
      // on PGlite this process holds the data directory: no server can be running on it
      if (!database.soleProcess && (await runningStewards(raw, clock.now())).length) return null;
      return nobodyWillRunIt(work);
    },
    close: () => database.close(),
  };
}
