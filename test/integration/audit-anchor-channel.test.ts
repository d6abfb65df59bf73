import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type StewardChild, startSteward } from '../helpers/steward-process.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('audit anchors posted to the audit channel', () => {
  let child: StewardChild | null = null;
  afterEach(async () => {
    if (child && child.proc.exitCode === null) {
      child.proc.kill('SIGTERM');
      await child.exited;
    }
  });

  it('a running Steward posts each anchor it writes to audit.channel, the same one as in the anchor file', async () => {
    const dir = tempDir('anchor-channel');
    writeFileSync(join(dir, 'steward.yaml'), 'audit:\n  anchorEvery: 1s\n  channel: { platform: console, id: console }\n');
    child = startSteward({ STEWARD_CONFIG: join(dir, 'steward.yaml'), STEWARD_DATA_DIR: join(dir, 'data'), STEWARD_USER: 'alice' });
    await child.waitFor(/Console chat/);
    child.type('/mlops register churn s3://m/1 --new-model');
    const m = await child.waitFor(/Audit log anchored[\s\S]*?(\{"seq":\d+,"hash":"[0-9a-f]{64}","at":"[^"]+","keyId":"[^"]+","sig":"[0-9a-f]{64}"\})/);
    child.type(':quit');
    expect((await child.exited).code).toBe(0);
    const lines = readFileSync(join(dir, 'data', 'audit-anchors.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toContain(m[1]);
  }, 120_000);
});
