import type { Config } from './config.js';

/** Sections a running Steward takes from a reloaded steward.yaml; the others need a restart. */
const RELOADABLE = {
  policies: (c: Config) => c.policies,
  roles: (c: Config) => c.access.roles,
  members: (c: Config) => c.access.members,
  schedules: (c: Config) => c.scheduling.schedules,
  alerts: (c: Config) => c.scheduling.alerts,
  monitoring: (c: Config) => c.monitoring,
} as const;

const RESTART = {
  environments: (c: Config) => c.environments,
  targets: (c: Config) => c.targets,
  training: (c: Config) => c.training,
  deploys: (c: Config) => c.deploys,
  scheduler: (c: Config) => c.scheduling.scheduler,
  registry: (c: Config) => c.registry ?? null,
  pages: (c: Config) => (c.pages ? { linkTtlMs: c.pages.linkTtlMs } : null),
  audit: (c: Config) => (c.audit ? { anchorFile: c.audit.anchorFile, anchorEveryMs: c.audit.anchorEveryMs } : null),
} as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What differs between the configuration in force and a newly loaded one: what a reload applies, and what waits for a restart. */
export function configChanges(current: Config, next: Config): { applied: string[]; restart: string[] } {
  return {
    applied: Object.entries(RELOADABLE).filter(([, get]) => !same(get(current), get(next))).map(([k]) => k),
    restart: Object.entries(RESTART).filter(([, get]) => !same(get(current), get(next))).map(([k]) => k),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const replaceEntries = <T extends object>(into: T, from: T) => {
  for (const k of Object.keys(into)) delete (into as Record<string, unknown>)[k];
  Object.assign(into, from);
};

/**
 * Puts the reloadable sections of `next` into the configuration object every part of a running
 * Steward holds, in place and in one synchronous step (so no command sees half of each).
 */
export function applyReloadable(current: Config, next: Config): void {
  replaceEntries(current.policies as Record<string, unknown>, next.policies as Record<string, unknown>);
  replaceEntries(current.access.roles as Record<string, unknown>, next.access.roles as Record<string, unknown>);
  replaceEntries(current.access.members as Record<string, unknown>, next.access.members as Record<string, unknown>);
  Object.assign(current.scheduling as Mutable<Config['scheduling']>, { schedules: next.scheduling.schedules, alerts: next.scheduling.alerts });
  replaceEntries(current.monitoring as object, next.monitoring as object);
  Object.assign(current as Mutable<Config>, { configHash: next.configHash });
}
