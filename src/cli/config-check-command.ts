import { formatProblems, loadConfig, readConfigFile } from '../config/load-config.js';
import type { CliIo } from './cli-io.js';

/**
 * `steward config check [FILE]`: validate a steward.yaml (FILE, else the one Steward would read) with
 * the environment's variables, as a start or a reload would — every problem at once, exit 2 — and
 * change nothing (no database is opened, nothing is written).
 */
export function configCheckCommand(io: CliIo, env: Record<string, string | undefined>, file?: string): number {
  if (file) {
    // a FILE that is no file to read (a directory, a typo, no permission) is one line naming it
    const read = readConfigFile(file);
    if (!read.ok) {
      io.err(`steward: ${read.error.message}`);
      return 2;
    }
  }
  const r = loadConfig(file ? { ...env, STEWARD_CONFIG: file } : env);
  if (!r.ok) {
    io.err(formatProblems(r.problems));
    return 2;
  }
  const c = r.config;
  const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
  io.out(`${c.configFile ?? 'no steward.yaml (the defaults)'} is valid: environments ${c.environments.join(', ')}; ${n(Object.keys(c.access.roles).length, 'role')}, ${`${Object.keys(c.access.members).length} member entr${Object.keys(c.access.members).length === 1 ? 'y' : 'ies'}`}; ${n(c.scheduling.schedules.length, 'declared schedule')}; deploy targets ${c.environments.map((e) => `${e}: ${c.targets[e]?.kind ?? 'record'}`).join(', ')}${c.registry ? `; MLflow registry ${c.registry.url}` : ''}.`);
  return 0;
}
