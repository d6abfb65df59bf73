import { describe, expect, it } from 'vitest';
import { renderText, renderTable } from '../../src/chat/replies/text-render.js';
import type { Reply } from '../../src/chat/replies/reply.js';
import { SAMPLE_REPLIES } from '../fixtures/replies.js';
import { expectGolden } from '../helpers/golden.js';
import { HEX64, harness } from '../helpers/harness.js';

/** Clear the screen, retitle the terminal window, ring, move the cursor, colour, backspace: text that would act on a terminal. */
const EVIL = 'fraud\u001b[2J\u001b]0;owned\u0007\u001b[1;1H\u009b31m\u0008 model';
/** what a terminal would act on: C0 controls except tab and newline, DEL, C1 controls (ESC, CSI, OSC among them) */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('console renderer', () => {
  it.each(Object.keys(SAMPLE_REPLIES))('renders the %s reply as pinned in its golden file', (name) => {
    expectGolden(`console/${name}.txt`, renderText(SAMPLE_REPLIES[name]!, { imagePaths: ['/data/images/drift-fraud-detector.png'], chat: true }));
  });

  it('prints buttons as numbered choices and says where each chart was saved', () => {
    expect(renderText(SAMPLE_REPLIES.buttons!)).toContain('[1] Approve   [2] Reject');
    expect(renderText(SAMPLE_REPLIES.image!, { imagePaths: ['/tmp/x.png'] })).toContain('[chart] Reference vs current: /tmp/x.png');
  });

  it('prints each link as "label: url" after the numbered buttons, without terminal controls', () => {
    const url = 'http://127.0.0.1:8080/pages/models/fraud-detector/versions/3?exp=1767225600&sig=abc';
    const t = renderText({ ...SAMPLE_REPLIES.buttons!, links: [{ label: 'Open', url }, { label: 'Open\u001b[2J', url: `${url}\u0007` }] });
    expect(t.split('\n').slice(-2)).toEqual([`Open: ${url}`, `Open: ${url}`]);
    expect(t).toContain('[1] Approve   [2] Reject');
  });

  it('aligns table columns and shortens very long cells', () => {
    const t = renderTable(['a', 'b'], [['x', 'y'], ['longer', 'z'.repeat(100)]]);
    const lines = t.split('\n');
    expect(lines[0]).toBe('a       b');
    expect(lines[1]).toBe('x       y');
    expect(lines[2]!.length).toBe(8 + 60);
    expect(lines[2]!.endsWith('…')).toBe(true);
  });

  it('prints no escape sequence or control character that came in the reply\'s text, in any part of it', () => {
    const reply: Reply = {
      title: `Model ${EVIL}`,
      tone: 'warning',
      blocks: [
        { kind: 'text', text: `**${EVIL}** and \`${EVIL}\`` },
        { kind: 'fields', fields: [{ label: `Owner ${EVIL}`, value: EVIL }] },
        { kind: 'table', columns: ['model', EVIL], rows: [[EVIL, 'x']] },
        { kind: 'context', text: EVIL },
      ],
      buttons: [{ label: EVIL, action: { v: 1, a: 'ack', id: '1' } }],
      images: [{ filename: 'c.png', title: EVIL, alt: 'chart', png: new Uint8Array([1]) }],
    };
    const plain = renderText(reply, { imagePaths: [`/tmp/${EVIL}.png`] });
    expect(plain).not.toMatch(CONTROLS);
    expect(plain).toContain('fraud model');
    // in colour, the only escapes are the renderer's own bold, dim and cyan
    const coloured = renderText(reply, { color: true });
    expect(coloured.replace(/\u001b\[(?:1|2|22|36|39)m/g, '')).not.toMatch(CONTROLS);
  });

  it('shows a model description with escape sequences, registered through chat, as plain text', async () => {
    const h = harness();
    const reg = await h.say(`register churn s3://m/churn.pkl --sha256 ${HEX64('c')} --description "${EVIL}"`, 'root');
    expect(reg.error).toBeUndefined();
    const shown = await h.say('model churn');
    expect(shown.out).toContain('fraud model');
    expect(shown.out).not.toMatch(CONTROLS);
  });
});

