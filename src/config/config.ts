import type { AccessConfig } from '../core/governance/access.js';

export type { AccessConfig };

/** The validated configuration, read once at start and passed to whoever needs it. */
export interface Config {
  readonly environments: readonly string[];
  readonly access: AccessConfig;
  readonly database: { readonly url: string | null; readonly dataDir: string };
  readonly configFile: string | null;
  readonly cliUser: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly http: { readonly port: number | null; readonly host: string };
}


export interface ConfigProblem {
  /** e.g. "steward.yaml: roles.approver[1]" or "env: DATABASE_URL" */
  readonly where: string;
  readonly message: string;
}
