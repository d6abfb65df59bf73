import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type DemoSteward, startDemoSteward } from '../browser/demo-steward.js';
import { tempDir } from '../helpers/temp-dir.js';

const FOOTER = '(only you can see this)';

/**
 * An ephemeral reply (whoami, a refusal) is marked "(only you can see this)" where others could see
 * the rest: the console chat, like Slack and Discord. The CLI and the HTTP API answer only the one
 * who asked: no footer there.
 */
describe('the "(only you can see this)" footer of ephemeral replies', () => {
  it('is not in CLI output (steward whoami)', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['whoami'], { STEWARD_DATA_DIR: tempDir('footer-cli'), STEWARD_USER: 'ci', LOG_LEVEL: 'silent' }, { out: (s) => out.push(s), err: (s) => err.push(s) });
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/^Who am I\n\s+Identity:\s+cli:ci/);
    expect(out.join('\n')).not.toContain(FOOTER);
  });

  describe('in a running steward start (real process)', () => {
    let s: DemoSteward;
    beforeAll(async () => {
      s = await startDemoSteward(tempDir('footer-start'));
    }, 180_000);
    afterAll(async () => s?.stop(), 60_000);

    it('is not in the HTTP API\'s text (POST /api/v1/commands), for a reply or a refusal', async () => {
      const who = await s.command('whoami');
      expect(who.body.text).toMatch(/^Who am I\n/);
      expect(who.body.text).not.toContain(FOOTER);
      const res = await fetch(`${s.url}/api/v1/commands`, { method: 'POST', headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'history no-such-model' }) });
      const refused = (await res.json()) as { ok: boolean; text: string };
      expect(refused.ok).toBe(false);
      expect(refused.text).toMatch(/no-such-model/);
      expect(refused.text).not.toContain(FOOTER);
    }, 60_000);

    it('is in the console chat, after the ephemeral reply', async () => {
      s.child.type('/mlops whoami');
      await s.child.waitFor(/Who am I[\s\S]*\(only you can see this\)/);
      expect(s.child.out.stdout).toMatch(/Identity:\s+console:alice[\s\S]*\n\(only you can see this\)\n/);
    }, 60_000);
  });
});
