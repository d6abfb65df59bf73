import type { Clock } from '../core/clock.js';
import type { Store } from '../ports/store.js';
import type { Config } from '../config/config.js';
import { ok, type Result } from '../core/result.js';
import { auditInput } from './audit-who.js';

/**
 * At start, audit the configuration in force when it differs from the last one recorded — so a policy
 * change reviewed in git is also visible in the audit log, with the file's digest.
 */
export async function recordConfigLoaded(deps: { readonly store: Store; readonly clock: Clock; readonly config: Pick<Config, 'configHash' | 'configFile' | 'environments' | 'policies'> }): Promise<Result<boolean>> {
  const hash = deps.config.configHash ?? 'defaults';
  return deps.store.transaction(async (tx) => {
    const [last] = await tx.audit.recent({ target: 'config', limit: 1 });
    if (last && last.details.sha256 === hash) return ok(false);
    await tx.audit.append(
      auditInput({ actor: 'system:steward', platform: 'system', channel: null }, 'config.loaded', 'config', {
        sha256: hash,
        file: deps.config.configFile,
        environments: [...deps.config.environments],
        approvals: Object.fromEntries(Object.entries(deps.config.policies).map(([e, p]) => [e, p.approvals])),
      }),
      deps.clock.now(),
    );
    return ok(true);
  });
}
