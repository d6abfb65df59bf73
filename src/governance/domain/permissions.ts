import { didYouMean } from '../../core/suggest.js';

/**
 * The names a role may grant, in one list that the config loader (to check steward.yaml grants) and
 * the command registry (test/unit/commands/permissions.test.ts) both read: every chat/CLI verb with
 * the permission that allows it, and the permissions that are not verbs.
 */
export const VERB_PERMISSIONS: Readonly<Record<string, string>> = {
  help: 'help',
  models: 'models',
  model: 'model',
  versions: 'versions',
  register: 'register',
  status: 'status',
  history: 'history',
  whoami: 'whoami',
  deploy: 'deploy',
  approvals: 'approvals',
  approve: 'approve',
  reject: 'approve',
  override: 'deploy',
  policy: 'policy',
  audit: 'audit',
  rollback: 'rollback',
  lock: 'lock',
  unlock: 'lock',
  drift: 'drift',
  bias: 'bias',
  quality: 'quality',
  schedule: 'schedule',
  schedules: 'schedules',
  unschedule: 'schedule',
  'run-schedule': 'schedule',
  subscribe: 'subscribe',
  unsubscribe: 'subscribe',
  ask: 'ask',
  retrain: 'retrain',
};

/** Permissions checked outside the verbs: the HTTP API, the CLI's ingestion commands, alert buttons. */
export const OTHER_PERMISSIONS = ['log-predictions', 'attach-labels', 'upload-reference', 'erase-predictions', 'create-token', 'ack'] as const;

export const PERMISSION_NAMES: readonly string[] = [...new Set([...Object.values(VERB_PERMISSIONS), ...OTHER_PERMISSIONS])].sort();

/**
 * Why a grant means nothing, or null when it is understood. A grant is `*`, `read`, a permission,
 * `permission:*` or `permission:<environment>`.
 */
export function grantProblem(grant: string, environments: readonly string[]): string | null {
  if (grant === '*' || grant === 'read') return null;
  const parts = grant.split(':');
  const [name, env] = parts as [string, string | undefined];
  const shape = 'a grant is *, read, a permission such as deploy, or permission:environment such as deploy:staging';
  if (parts.length > 2 || !/^[a-z][a-z-]*$/.test(name) || (env !== undefined && !/^(\*|[a-z][a-z0-9-]*)$/.test(env))) return `"${grant}" is not a grant: ${shape}`;
  if (name === 'read') return `"${grant}": read grants every read-only command everywhere and takes no environment; write read`;
  if (!PERMISSION_NAMES.includes(name)) {
    const via = VERB_PERMISSIONS[name];
    if (via) return `"${grant}": ${name} is allowed by the ${via} permission; grant ${via}${env ? `:${env}` : ''} instead`;
    return `"${grant}" grants unknown permission "${name}".${didYouMean(name, ['read', ...PERMISSION_NAMES]).replace(/`/g, '"')} A grant is *, read, or one of ${PERMISSION_NAMES.join(', ')} (optionally :environment)`;
  }
  if (env !== undefined && env !== '*' && !environments.includes(env)) return `"${grant}" names unknown environment "${env}"; environments are ${environments.join(', ')}`;
  return null;
}
