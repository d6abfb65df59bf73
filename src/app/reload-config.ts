import type { ChatPublisher } from '../chat/replies/publisher.js';
import type { Config, ConfigProblem } from '../config/config.js';
import { applyReloadable, configChanges } from '../config/config-changes.js';
import type { Clock } from '../core/clock.js';
import { err, ok } from '../core/result.js';
import { auditInput, SYSTEM_WHO } from '../governance/audit-who.js';
import type { Logger } from '../ports/logger.js';
import type { Store } from '../ports/store.js';
import { syncConfigSchedules } from '../scheduling/schedule-sync-config.js';

export type ReloadOutcome = { readonly ok: true; readonly applied: readonly string[]; readonly restart: readonly string[]; readonly sha256: string | null } | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/**
 * A running Steward reloads steward.yaml (SIGHUP). Valid: its policies, roles, members, schedules,
 * alerts and monitoring settings replace the ones in force at once, declared schedules are synced,
 * and the change is audited (`config.reloaded`: the file's sha256, what changed, what waits for a
 * restart) — and applied only once that audit event is written. Invalid, or not recordable: the
 * configuration in force stays, and the problems are logged and posted to the
 * audit channel (steward.yaml `audit.channel`) when there is one.
 */
export async function reloadConfig(deps: { config: Config; store: Store; clock: Clock; log: Logger; publisher: Pick<ChatPublisher, 'post'> }, load: () => { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] }): Promise<ReloadOutcome> {
  const next = load();
  const channel = deps.config.audit?.channel ?? null;
  const refuse = async (problems: readonly ConfigProblem[]): Promise<ReloadOutcome> => {
    deps.log.warn({ problems: problems.map((p) => `${p.where}: ${p.message}`) }, 'steward.yaml was not reloaded: the configuration in force stays');
    if (channel) {
      await deps.publisher.post(channel, {
        title: 'steward.yaml was not reloaded',
        tone: 'warning',
        blocks: [{ kind: 'text', text: `The configuration in force stays. Fix ${problems.length === 1 ? 'this' : `these ${problems.length} problems`} and send SIGHUP again:\n${problems.map((p) => `• ${p.where}: ${p.message}`).join('\n')}` }],
      });
    }
    return { ok: false, problems };
  };
  if (!next.ok) return refuse(next.problems);
  const { applied, restart } = configChanges(deps.config, next.config);
  // audited first: a reload the audit log cannot record does not happen
  const audited = await deps.store
    .transaction(async (tx) => {
      await tx.audit.append(auditInput(SYSTEM_WHO, 'config.reloaded', 'config', { sha256: next.config.configHash ?? 'defaults', file: next.config.configFile, changed: applied, needsRestart: restart, approvals: Object.fromEntries(Object.entries(next.config.policies).map(([e, p]) => [e, p.approvals])) }), deps.clock.now());
      return ok(null);
    })
    .catch((e: unknown) => err('unavailable', (e as Error).message));
  if (!audited.ok) {
    deps.log.error({ err: audited.error.message }, 'the audit log could not record a reload of steward.yaml');
    return refuse([{ where: 'audit log', message: 'the reload could not be recorded (is the database up?)' }]);
  }
  applyReloadable(deps.config, next.config);
  if (applied.includes('schedules')) await syncConfigSchedules(deps.store, deps.clock, deps.config.scheduling.schedules);
  deps.log.info({ changed: applied, needsRestart: restart }, 'steward.yaml reloaded');
  if (channel) {
    await deps.publisher.post(channel, {
      title: 'steward.yaml reloaded',
      tone: 'info',
      blocks: [{ kind: 'text', text: `${applied.length ? `In force now: ${applied.join(', ')}.` : 'Nothing that a reload applies changed.'}${restart.length ? ` Changed but applied only after a restart: ${restart.join(', ')}.` : ''}` }],
    });
  }
  return { ok: true, applied, restart, sha256: next.config.configHash };
}
