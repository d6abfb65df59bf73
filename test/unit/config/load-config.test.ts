import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblems, loadConfig } from '../../../src/config/load-config.js';
import { tempDir } from '../../helpers/temp-dir.js';

function withYaml(yaml: string) {
  const dir = tempDir('cfg');
  writeFileSync(join(dir, 'steward.yaml'), yaml);
  return dir;
}

describe('loadConfig', () => {
  it('works with nothing set: PGlite under ./.steward, staging and production, local user is admin on the console', () => {
    const r = loadConfig({}, '/srv/app');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.database).toEqual({ url: null, dataDir: '/srv/app/.steward' });
    expect(r.config.environments).toEqual(['staging', 'production']);
    expect(r.config.access.members['console:*']).toEqual(['admin']);
    expect(r.config.access.members['*']).toEqual(['viewer']);
  });

  it('reads DATABASE_URL and steward.yaml environments and roles', () => {
    const dir = withYaml('environments: [dev, staging, production]\nroles:\n  approver: ["read", "approve:production"]\nmembers:\n  "slack:U1": [approver]\n');
    const r = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/steward' }, dir);
    expect(r.ok && r.config.environments).toEqual(['dev', 'staging', 'production']);
    expect(r.ok && r.config.database.url).toBe('postgres://u@db:5432/steward');
    expect(r.ok && r.config.access.members).toEqual({ 'slack:U1': ['approver'] });
  });

  it('reports every problem at once, each with its field and a fix', () => {
    const dir = withYaml('environments: [Prod]\nroles:\n  ops: ["deploy:qa"]\nmembers:\n  "slack:U1": [nobody]\n  "bogus": [ops]\nsurprise: 1\n');
    const r = loadConfig({ DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }, dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = formatProblems(r.problems);
    expect(text).toContain('env: DATABASE_URL: DATABASE_URL must be a postgres:// URL');
    expect(text).toContain('env: LOG_LEVEL');
    expect(text).toContain('steward.yaml: environments[0]: an environment name is a lowercase word');
    expect(text).toMatch(/steward\.yaml: \(root\): Unrecognized key.*surprise/);
    expect(text).toContain('steward.yaml: members.bogus');
    expect(r.problems.length).toBeGreaterThanOrEqual(5);
  });

  it('names unknown roles and unknown environments in grants', () => {
    const dir = withYaml('roles:\n  ops: ["deploy:qa"]\nmembers:\n  "slack:U1": [nobody]\n');
    const r = loadConfig({}, dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatProblems(r.problems)).toContain('steward.yaml: members.slack:U1[0]: unknown role "nobody"');
    expect(formatProblems(r.problems)).toContain('steward.yaml: roles.ops[0]: "deploy:qa" names unknown environment "qa"');
    // a near miss of a defined role is named
    const typo = loadConfig({}, withYaml('members:\n  "console:*": [admn]\n'));
    expect(!typo.ok && formatProblems(typo.problems)).toContain('unknown role "admn" (did you mean "admin"?); define it under roles:');
  });

  it('reports unparsable YAML and a STEWARD_CONFIG that points nowhere', () => {
    const dir = withYaml('roles: [unclosed\n');
    const bad = loadConfig({}, dir);
    expect(!bad.ok && bad.problems[0]!.message).toMatch(/^cannot parse YAML: .* at line \d+, column \d+$/); // a whole sentence, not the introduction of an excerpt
    const missing = loadConfig({ STEWARD_CONFIG: 'nope.yaml' }, dir);
    expect(!missing.ok && missing.problems[0]!.message).toMatch(/does not exist; point STEWARD_CONFIG at your steward.yaml/);
  });

  it('never echoes a secret value in a problem', () => {
    const r = loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' }, '/x');
    expect(!r.ok && formatProblems(r.problems)).not.toContain('hunter2');
  });
});
