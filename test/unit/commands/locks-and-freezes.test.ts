import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { HEX64, harness } from '../../helpers/harness.js';
import { configFromYaml, GOVERNANCE_YAML } from '../../helpers/test-config.js';

const GOOD = '--metric auc=0.95 --fairness demographicParityRatio=0.9 --intended-use x';

describe('manual locks', () => {
  it('lock freezes deploys with who and why (shown in status); unlock lifts it; both audited', async () => {
    const h = harness({ config: configFromYaml(GOVERNANCE_YAML) });
    await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('1')} ${GOOD}`, 'alice');
    expect((await h.say('lock fraud-detector production', 'root')).out).toContain('lock needs <reason>');
    const l = await h.say('lock fraud-detector production incident INC-481, hold all changes', 'root');
    expect(l.title).toBe('fraud-detector is locked in production');
    const st = await h.say('status fraud-detector');
    expect(st.out).toMatch(/production .* locked by @root: incident INC-481, hold all changes/);
    const refused = await h.say('deploy fraud-detector 1 to production', 'alice');
    expect(refused.error).toBe('busy');
    expect(refused.out).toMatch(/fraud-detector is locked in production by @root since .* UTC: incident INC-481, hold all changes/);
    expect((await h.say('lock fraud-detector production again', 'root')).out).toContain('already locked by @root');
    expect((await h.say('unlock fraud-detector production', 'alice')).error).toBe('forbidden');
    expect((await h.say('unlock fraud-detector production', 'root')).title).toBe('fraud-detector is unlocked in production');
    expect((await h.say('deploy fraud-detector 1 to production', 'alice')).error).toBeUndefined();
    const actions = (await h.store.read.audit.recent({ target: 'model:fraud-detector', limit: 10 })).map((e) => e.action);
    expect(actions.slice(0, 2)).toEqual(['lock.released', 'lock.acquired']);
  });
});

describe('freeze windows', () => {
  const yaml = `${GOVERNANCE_YAML}    freezeWindows:\n      - { days: [fri], from: "16:00", to: "23:59", timezone: Europe/Madrid, reason: weekend freeze }\n    freezeExemptRoles: [admin]\n`;
  it('block deploy requests inside the window except for exempt roles, and not outside it', async () => {
    const clock = new FixedClock('2026-11-27T16:30:00Z'); // Friday 17:30 in Madrid
    const h = harness({ config: configFromYaml(yaml), clock });
    await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('1')} ${GOOD}`, 'alice');
    const r = await h.say('deploy fraud-detector 1 to production', 'alice');
    expect(r.error).toBe('forbidden');
    expect(r.out).toContain('production is frozen now (fri 16:00–23:59 Europe/Madrid (weekend freeze)); deploys wait until the window ends, or ask someone with the role admin.');
    expect(await h.store.read.deployments.open()).toEqual([]);
    expect((await h.say('deploy fraud-detector 1 to production', 'root')).error).toBeUndefined();
    await h.say('reject 1 not now, weekend', 'root');
    clock.set('2026-11-27T14:00:00Z'); // Friday 15:00 in Madrid
    expect((await h.say('deploy fraud-detector 1 to production', 'alice')).error).toBeUndefined();
  });
});
