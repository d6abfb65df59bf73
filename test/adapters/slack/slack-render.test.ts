import { describe, expect, it } from 'vitest';
import { ACTION_ID_PATTERN, ACTION_IDS, LINK_ACTION_ID } from '../../../adapters/slack/slack-action-ids.js';
import { toMrkdwn } from '../../../adapters/slack/slack-mrkdwn.js';
import { renderSlack } from '../../../adapters/slack/slack-render.js';
import { mention } from '../../../src/chat/replies/mention.js';
import { decodeAction, type Reply } from '../../../src/chat/replies/reply.js';
import { blockKitProblems } from '../../fakes/slack-block-limits.js';
import { ADVERSARIAL_REPLIES, SAMPLE_REPLIES } from '../../fixtures/replies.js';
import { expectGolden } from '../../helpers/golden.js';
import { buttonsOf, visibleText } from './slack-test-env.js';

const golden = (name: string, reply: Reply) => expectGolden(`slack/${name}.json`, `${JSON.stringify(renderSlack(reply), null, 2)}\n`);

describe('Slack renderer: neutral reply -> Block Kit', () => {
  it.each(Object.keys(SAMPLE_REPLIES))('renders the %s reply as pinned in its golden file', (name) => golden(name, SAMPLE_REPLIES[name]!));

  it.each(Object.keys(ADVERSARIAL_REPLIES))('renders the oversized %s reply as pinned in its golden file', (name) => golden(name, ADVERSARIAL_REPLIES[name]!));

  it.each(Object.entries({ ...SAMPLE_REPLIES, ...ADVERSARIAL_REPLIES }))('keeps the %s reply inside every Block Kit limit', (_name, reply) => {
    const msg = renderSlack(reply);
    expect(blockKitProblems(msg.blocks)).toEqual([]);
    expect(msg.text.length).toBeGreaterThan(0);
    expect(msg.text.length).toBeLessThanOrEqual(3000);
  });

  it('translates **bold** to *bold*, keeps `code`, and escapes &, < and >', () => {
    expect(toMrkdwn('New model **fraud-detector** at `s3://m/<1>.pkl` & <@U1> -> ok')).toBe('New model *fraud-detector* at `s3://m/&lt;1&gt;.pkl` &amp; &lt;@U1&gt; -&gt; ok');
  });

  it('shows the actors a reply names with mention() as mentions Slack shows as display names, and nobody else', () => {
    expect(toMrkdwn(`1 of 2: ${mention('slack:U02BOB777')}, ${mention('slack:W0123ABCDE')} approved\n${mention('slack:U03CAROL8')} approved`)).toBe('1 of 2: <@U02BOB777>, <@W0123ABCDE> approved\n<@U03CAROL8> approved');
    expect(toMrkdwn(`by ${mention('console:alice')} — mail a@U12345678X; code \`@U02BOB777\`, \`/invite @Steward\``)).toBe('by @alice — mail a@U12345678X; code `@\u2060U02BOB777`, `/invite @Steward`');
  });

  it('makes what people typed inert: no mention, channel ping, channel link or disguised link comes out of it', () => {
    const typed = 'see @U0123ABCDE and <@U0123ABCDE>, <!channel> <!here> @channel @here <#C0123ABCD> <https://evil.example|the runbook> &lt;@U1&gt;';
    expect(toMrkdwn(typed)).toBe(
      'see @\u2060U0123ABCDE and &lt;@\u2060U0123ABCDE&gt;, &lt;!channel&gt; &lt;!here&gt; @\u2060channel @\u2060here &lt;#C0123ABCD&gt; &lt;https://evil.example|the runbook&gt; &amp;lt;@U1&amp;gt;',
    );
    // a marker copied or guessed into typed text does not make a mention either
    const forged = mention('slack:U0FORGED1').replace(/[0-9a-f]{12}/, '000000000000');
    expect(toMrkdwn(`by ${forged} and \uFDD00\uFDD1 ${mention('slack:U02BOB777')}`)).toBe('by @\u2060U0FORGED1 and 0 <@U02BOB777>');
  });

  it('renders approval buttons with action_id constants, styles, and the versioned ids-only payload as value', () => {
    const buttons = buttonsOf(renderSlack(SAMPLE_REPLIES.buttons!).blocks);
    expect(buttons.map((b) => [b.action_id, b.text.text, b.style])).toEqual([
      [ACTION_IDS.approve, 'Approve', 'primary'],
      [ACTION_IDS.reject, 'Reject', 'danger'],
    ]);
    expect(buttons.map((b) => decodeAction(b.value))).toEqual([
      { v: 1, a: 'approve', id: '42' },
      { v: 1, a: 'reject', id: '42' },
    ]);
  });

  it('renders links as url buttons after the action buttons: no value, an action_id the click listener never takes for an action', () => {
    const url = 'http://steward.example:8080/pages/models/fraud-detector/versions/3?exp=1767225600&sig=abc';
    const msg = renderSlack({ ...SAMPLE_REPLIES.buttons!, links: [{ label: 'Open', url }] });
    expect(blockKitProblems(msg.blocks)).toEqual([]);
    const actions = msg.blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(1);
    const els = 'elements' in actions[0]! ? (actions[0].elements as unknown as Record<string, unknown>[]) : [];
    expect(els.map((e) => e.action_id)).toEqual([ACTION_IDS.approve, ACTION_IDS.reject, `${LINK_ACTION_ID}:1`]);
    expect(els[2]).toEqual({ type: 'button', action_id: 'steward-link:1', text: { type: 'plain_text', text: 'Open', emoji: true }, url });
    expect(ACTION_ID_PATTERN.test(String(els[2]!.action_id))).toBe(false);
    // a links-only reply gets an actions block of its own; a URL Slack would refuse is left out and counted
    const only = renderSlack({ blocks: [{ kind: 'text', text: 'Drift report' }], links: [{ label: 'Open', url }, { label: 'Too long', url: `${url}${'x'.repeat(3000)}` }] });
    expect(only.blocks.filter((b) => b.type === 'actions').map((b) => ('elements' in b ? b.elements.length : 0))).toEqual([1]);
    expect(visibleText(only.blocks)).toContain('… 1 more buttons not shown');
    expect(renderSlack({ blocks: [{ kind: 'text', text: 'x' }] }).blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('splits 30 fields into sections of 10 and an 8000-character text into sections of at most 3000, losing nothing', () => {
    const fields = renderSlack(ADVERSARIAL_REPLIES['thirty-fields']!).blocks.filter((b) => b.type === 'section');
    expect(fields.map((b) => ('fields' in b ? b.fields?.length : 0))).toEqual([10, 10, 10]);
    const long = ADVERSARIAL_REPLIES['long-text']!;
    const sections = renderSlack(long).blocks.filter((b) => b.type === 'section');
    expect(sections.length).toBeGreaterThanOrEqual(3);
    const joined = sections.map((b) => ('text' in b ? b.text?.text : '')).join('\n');
    expect(joined).toContain('Line 1: drift in *feature_0*');
    expect(joined).toContain('Line 110: drift in *feature_109*');
  });

  it('cuts a huge table with a "… N more" line counting hidden rows and the rows the reply already left out', () => {
    const t = visibleText(renderSlack(ADVERSARIAL_REPLIES['huge-table']!).blocks);
    const shown = t.split('\n').filter((l) => /^v\d+ /.test(l)).length;
    expect(shown).toBeGreaterThan(5);
    expect(t).toContain(`… ${500 - shown + 1500} more`);
  });

  it('keeps the buttons and says how many blocks were cut when a reply has more than 50 blocks', () => {
    const msg = renderSlack(ADVERSARIAL_REPLIES['sixty-blocks']!);
    expect(msg.blocks).toHaveLength(50);
    expect(msg.blocks.at(-1)!.type).toBe('actions');
    expect(visibleText(msg.blocks)).toMatch(/… \d+ more blocks not shown/);
  });

  it('puts at most 25 buttons in an actions block with unique action_ids, and says how many were left out', () => {
    const msg = renderSlack(ADVERSARIAL_REPLIES['many-buttons']!);
    const actions = msg.blocks.filter((b) => b.type === 'actions');
    expect(actions.map((b) => ('elements' in b ? b.elements.length : 0))).toEqual([25, 25, 25, 25]);
    expect(visibleText(msg.blocks)).toContain('… 30 more buttons not shown');
    const header = msg.blocks[0]!;
    expect(header.type === 'header' && header.text.text.length).toBe(150);
  });

  it('names each chart in the message (the file is uploaded next to it) and says when a private reply cannot carry it', () => {
    expect(visibleText(renderSlack(SAMPLE_REPLIES.image!).blocks)).toContain(':bar_chart: *Reference vs current* (attached below)');
    expect(visibleText(renderSlack({ ...SAMPLE_REPLIES.image!, ephemeral: true }).blocks)).toContain('not attached');
  });

  it('fuzz: random replies never break a Block Kit limit', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pool = Array.from({ length: 20_000 }, () => 'ab <&>*`_~\n x'[rnd(14)]).join('');
    const str = (n: number) => {
      const len = rnd(n);
      const at = rnd(pool.length - len);
      return pool.slice(at, at + len);
    };
    for (let i = 0; i < 200; i++) {
      const reply: Reply = {
        ...(rnd(2) ? { title: str(300) } : {}),
        tone: (['neutral', 'info', 'success', 'warning', 'danger'] as const)[rnd(5)],
        blocks: Array.from({ length: rnd(70) }, () => {
          switch (rnd(5)) {
            case 0:
              return { kind: 'text' as const, text: str(7000) };
            case 1:
              return { kind: 'fields' as const, fields: Array.from({ length: rnd(25) }, () => ({ label: str(50), value: str(3000) })) };
            case 2:
              return { kind: 'table' as const, columns: Array.from({ length: 1 + rnd(8) }, () => str(20)), rows: Array.from({ length: rnd(200) }, () => Array.from({ length: 8 }, () => str(60))), more: rnd(3) ? undefined : rnd(999) };
            case 3:
              return { kind: 'context' as const, text: str(4000) };
            default:
              return { kind: 'divider' as const };
          }
        }),
        buttons: Array.from({ length: rnd(40) }, (_, j) => ({ label: str(100), action: { v: 1 as const, a: 'approve' as const, id: String(j) } })),
      };
      const problems = blockKitProblems(renderSlack(reply).blocks);
      expect(problems, `reply #${i}`).toEqual([]);
    }
  });
});
