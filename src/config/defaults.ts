import type { AccessConfig } from '../governance/domain/access.js';

export const DEFAULT_ENVIRONMENTS = ['staging', 'production'] as const;

/**
 * Roles every install has (steward.yaml may add more or redefine these). `pipeline` is what a CI/CD
 * job needs through an API token: read, register versions, log predictions, attach labels and
 * upload reference data.
 */
export const BUILTIN_ROLES: Readonly<Record<string, readonly string[]>> = {
  viewer: ['read'],
  admin: ['*'],
  pipeline: ['read', 'register', 'log-predictions', 'attach-labels', 'upload-reference'],
};

/**
 * With no steward.yaml: everyone may read; the local console and CLI user is admin (it already
 * holds the database). A steward.yaml with `members` replaces these members entirely: deny by default.
 */
export const DEFAULT_ACCESS: AccessConfig = {
  roles: BUILTIN_ROLES,
  members: {
    '*': ['viewer'],
    'console:*': ['admin'],
    'cli:*': ['admin'],
  },
};
