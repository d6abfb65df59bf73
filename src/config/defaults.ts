import type { AccessConfig } from '../core/governance/access.js';

export const DEFAULT_ENVIRONMENTS = ['staging', 'production'] as const;

/**
 * With no steward.yaml: everyone may read; the local console and CLI user is admin (it already
 * holds the database). A steward.yaml with `members` replaces these members entirely: deny by default.
 */
export const DEFAULT_ACCESS: AccessConfig = {
  roles: {
    viewer: ['read'],
    admin: ['*'],
  },
  members: {
    '*': ['viewer'],
    'console:*': ['admin'],
    'cli:*': ['admin'],
  },
};

export const BUILTIN_ROLES: Readonly<Record<string, readonly string[]>> = {
  viewer: ['read'],
  admin: ['*'],
};
