import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblems, loadConfig } from '../../../src/config/load-config.js';
import { can } from '../../../src/governance/domain/access.js';
import { tempDir } from '../../helpers/temp-dir.js';

function withYaml(yaml: string) {
  const dir = tempDir('cfg');
  writeFileSync(join(dir, 'steward.yaml'), yaml);
  return dir;
}

const problemsOf = (env: Record<string, string>, yaml: string) => {
  const r = loadConfig(env, withYaml(yaml));
  if (r.ok) throw new Error('expected problems');
  return { list: r.problems, text: formatProblems(r.problems) };
};

describe('loadConfig reports every problem in one run', () => {
  it('a bad env var, a bad role, an unknown policy environment, a bad target and a bad schedule: all five at once', () => {
    const { list, text } = problemsOf(
      { STEWARD_HTTP_PORT: 'abc' },
      `roles:
  ops: ["dpeloy:staging"]
members:
  "slack:U1": [ops]
  "slack:U2": [ghost]
policies:
  qa:
    approvals: 0
  production:
    approvals: 2
    approverRoles: [nobody]
targets:
  staging:
    kind: webhook
    url: not-a-url
    secretEnv: STEWARD_WEBHOOK_SECRET
schedules:
  - name: weekly
    kind: digest
    environment: production
    cron: "0 9 * *"
    channel: { platform: slack, id: C1 }
  - name: daily
    kind: drift
    environment: prod
    cron: "0 9 * * *"
    channel: { platform: slack, id: C1 }
`,
    );
    expect(text).toContain('env: STEWARD_HTTP_PORT: STEWARD_HTTP_PORT is a whole number from 0 to 65535');
    expect(text).toMatch(/roles\.ops\[0\]: "dpeloy:staging" grants unknown permission "dpeloy"\. Did you mean "deploy"/);
    expect(text).toContain('members.slack:U2[0]: unknown role "ghost"');
    expect(text).toContain('policies.qa: "qa" is not an environment');
    expect(text).toContain('policies.production.approverRoles[0]: unknown role "nobody"');
    expect(text).toMatch(/targets\.staging\.url/);
    expect(text).toMatch(/schedules\[0\]\.cron/);
    expect(text).toContain('schedules[1].environment: unknown environment "prod"');
    expect(list).toHaveLength(8);
  });

  it('a bad value in one section does not hide unknown roles, grants or environments elsewhere', () => {
    const { text } = problemsOf({}, 'roles:\n  ops: [read, "rollback:qa"]\nmembers:\n  "slack:U1": [nobody]\npolicies:\n  staging:\n    approvals: -1\n');
    expect(text).toContain('policies.staging.approvals');
    expect(text).toContain('roles.ops[1]: "rollback:qa" names unknown environment "qa"');
    expect(text).toContain('members.slack:U1[0]: unknown role "nobody"');
  });
});

describe('grants', () => {
  it('refuses a misspelt grant with a did-you-mean', () => {
    const { text } = problemsOf({}, 'roles:\n  viewer: [reed, deplyo]\n');
    expect(text).toMatch(/roles\.viewer\[0\]: "reed" grants unknown permission "reed"\. Did you mean "read"/);
    expect(text).toMatch(/roles\.viewer\[1\]: "deplyo" grants unknown permission "deplyo"\. Did you mean "deploy"/);
  });

  it('names the permission a verb is allowed by, and refuses read with an environment', () => {
    const { text } = problemsOf({}, 'roles:\n  ops: ["unschedule", "read:staging", "deploy:staging:x"]\n');
    expect(text).toContain('"unschedule": unschedule is allowed by the schedule permission; grant schedule instead');
    expect(text).toContain('"read:staging": read grants every read-only command everywhere and takes no environment');
    expect(text).toContain('"deploy:staging:x" is not a grant');
  });

  it('accepts every kind of grant: *, read, verbs, permissions that are not verbs, verb:* and verb:env', () => {
    const r = loadConfig({}, withYaml('roles:\n  ops: ["*", read, register, "deploy:*", "rollback:production", log-predictions, attach-labels, upload-reference, create-token, ack]\n'));
    expect(r.ok ? [] : r.problems).toEqual([]);
  });
});

describe('the built-in pipeline role', () => {
  it('exists on a default install and grants what a CI pipeline does, nothing more', () => {
    const r = loadConfig({}, '/nonexistent-steward-cwd');
    if (!r.ok) throw new Error('default config invalid');
    expect(r.config.access.roles.pipeline).toEqual(['read', 'register', 'log-predictions', 'attach-labels', 'upload-reference']);
    const ci = { platform: 'api' as const, id: 'ci', roles: ['pipeline'] };
    for (const [verb, risk, env] of [['register', 'write', undefined], ['log-predictions', 'write', 'production'], ['attach-labels', 'write', undefined], ['upload-reference', 'write', undefined], ['drift', 'read', 'staging']] as const) {
      expect(can(ci, verb, risk, env, r.config.access), verb).toBe(true);
    }
    expect(can(ci, 'deploy', 'write', 'staging', r.config.access)).toBe(false);
    expect(can(ci, 'create-token', 'write', undefined, r.config.access)).toBe(false);
  });

  it('is there with a steward.yaml that defines other roles', () => {
    const r = loadConfig({}, withYaml('roles:\n  ops: [read]\nmembers:\n  "token:ci": [pipeline]\n'));
    expect(r.ok && r.config.access.roles.pipeline).toContain('log-predictions');
  });
});

describe('numbers in environment variables', () => {
  it('say what to set instead of "expected number, received NaN"', () => {
    for (const [name, value, msg] of [
      ['STEWARD_HTTP_PORT', 'abc', 'STEWARD_HTTP_PORT is a whole number from 0 to 65535, e.g. STEWARD_HTTP_PORT=8080'],
      ['STEWARD_HTTP_PORT', '70000', 'STEWARD_HTTP_PORT is a whole number from 0 to 65535'],
      ['SLACK_IDENTITY_TTL_SECONDS', 'soon', 'SLACK_IDENTITY_TTL_SECONDS is a whole number from 0 to 86400'],
      ['STEWARD_LLM_TIMEOUT_SECONDS', 'x', 'STEWARD_LLM_TIMEOUT_SECONDS is a whole number from 1 to 300'],
    ]) {
      const r = loadConfig({ [name!]: value!, ...(name!.startsWith('SLACK') ? { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'ab'.repeat(16) } : {}), ...(name!.includes('LLM') ? { OPENAI_API_KEY: 'k' } : {}) }, '/nonexistent-steward-cwd');
      const text = r.ok ? '' : formatProblems(r.problems);
      expect(text, name).toContain(msg);
      expect(text).not.toMatch(/NaN|expected number/);
    }
    const ok = loadConfig({ STEWARD_HTTP_PORT: '8080' }, '/nonexistent-steward-cwd');
    expect(ok.ok && ok.config.http.port).toBe(8080);
  });
});
