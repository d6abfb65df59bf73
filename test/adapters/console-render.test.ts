import { describe, expect, it } from 'vitest';
import { renderConsole, renderTable } from '../../adapters/console/console-render.js';
import { SAMPLE_REPLIES } from '../fixtures/replies.js';
import { expectGolden } from '../helpers/golden.js';

describe('console renderer', () => {
  it.each(Object.keys(SAMPLE_REPLIES))('renders the %s reply as pinned in its golden file', (name) => {
    expectGolden(`console/${name}.txt`, renderConsole(SAMPLE_REPLIES[name]!, { imagePaths: ['/data/images/drift-fraud-detector.png'] }));
  });

  it('prints buttons as numbered choices and says where each chart was saved', () => {
    expect(renderConsole(SAMPLE_REPLIES.buttons!)).toContain('[1] Approve   [2] Reject');
    expect(renderConsole(SAMPLE_REPLIES.image!, { imagePaths: ['/tmp/x.png'] })).toContain('[chart] Reference vs current: /tmp/x.png');
  });

  it('aligns table columns and shortens very long cells', () => {
    const t = renderTable(['a', 'b'], [['x', 'y'], ['longer', 'z'.repeat(100)]]);
    const lines = t.split('\n');
    expect(lines[0]).toBe('a       b');
    expect(lines[1]).toBe('x       y');
    expect(lines[2]!.length).toBe(8 + 60);
    expect(lines[2]!.endsWith('…')).toBe(true);
  });
});
