import { describe, expect, it } from 'vitest';
import { toDiscordMarkdown } from '../../../adapters/discord/discord-markdown.js';
import { type DiscordMessage, renderDiscord, TONE_COLOR } from '../../../adapters/discord/discord-render.js';
import { mention } from '../../../src/chat/replies/mention.js';
import { decodeAction, type Reply } from '../../../src/chat/replies/reply.js';
import { discordMessageProblems } from '../../fakes/discord-message-limits.js';
import { ADVERSARIAL_REPLIES, SAMPLE_REPLIES } from '../../fixtures/replies.js';
import { expectGolden } from '../../helpers/golden.js';
import { buttonsOf, embedText } from './discord-test-helpers.js';

/** The golden form: the JSON body as sent, and each file by name, type and size (not its bytes). */
const goldenText = (m: DiscordMessage) => `${JSON.stringify({ body: m.body, files: m.files.map((f) => ({ name: f.name, contentType: f.contentType, bytes: f.data.length })) }, null, 2)}\n`;
const golden = (name: string, reply: Reply) => expectGolden(`discord/${name}.json`, goldenText(renderDiscord(reply)));
const problems = (m: DiscordMessage) => discordMessageProblems(m.body, m.files.map((f) => f.name), { interaction: true });

describe('Discord renderer: neutral reply -> embeds, buttons and attachments', () => {
  it.each(Object.keys(SAMPLE_REPLIES))('renders the %s reply as pinned in its golden file', (name) => golden(name, SAMPLE_REPLIES[name]!));

  it.each(Object.keys(ADVERSARIAL_REPLIES))('renders the oversized %s reply as pinned in its golden file', (name) => golden(name, ADVERSARIAL_REPLIES[name]!));

  it.each(Object.entries({ ...SAMPLE_REPLIES, ...ADVERSARIAL_REPLIES }))('keeps the %s reply inside every Discord limit', (_name, reply) => {
    expect(problems(renderDiscord(reply))).toEqual([]);
  });

  it('keeps **bold** and `code`, escapes what Discord would otherwise format, and never pings', () => {
    expect(toDiscordMarkdown('New model **fraud_detector** at `s3://m/<1>_x.pkl` & <@123> ~~x~~ ||y|| [a](http://e)')).toBe(
      'New model **fraud\\_detector** at `s3://m/<1>_x.pkl` & \\<@123> \\~\\~x\\~\\~ \\|\\|y\\|\\| \\[a\\](http://e)',
    );
    expect(toDiscordMarkdown('> not a quote\n# not a heading\n- not a list\n-# not small\n1. not numbered\n#2 by @x -1')).toBe('\\> not a quote\n\\# not a heading\n\\- not a list\n\\-# not small\n1\\. not numbered\n#2 by @x -1');
    expect(renderDiscord(SAMPLE_REPLIES.fields!).body.allowed_mentions).toEqual({ parse: [] });
  });

  it('shows the actors a reply names with mention() as Discord mentions, and an @<user id> someone typed as text', () => {
    expect(toDiscordMarkdown(`1 of 2: ${mention('discord:222222222222222222')}, ${mention('discord:333333333333333333')}\nby ${mention('console:alice')} at @12345; \`@222222222222222222\``)).toBe(
      '1 of 2: <@222222222222222222>, <@333333333333333333>\nby @alice at @12345; `@222222222222222222`',
    );
    expect(toDiscordMarkdown('ping @222222222222222222 and <@333333333333333333>, @everyone')).toBe('ping @222222222222222222 and \\<@333333333333333333>, @everyone');
  });

  it('colours the embed by tone and marks the title, so a warning or a failure is visible at a glance', () => {
    const ok = renderDiscord(SAMPLE_REPLIES.fields!).body.embeds[0]!;
    expect(ok.color).toBe(TONE_COLOR.success);
    expect(ok.title).toBe('✅ Registered fraud-detector v8');
    const warn = renderDiscord(SAMPLE_REPLIES.error!).body;
    expect(warn.embeds[0]!.color).toBe(TONE_COLOR.warning);
    expect(warn.embeds[0]!.description).toMatch(/^⚠️ `prodution` is not an environment/);
    expect(warn.flags).toBe(64);
  });

  it('renders approval buttons with the versioned ids-only payload as custom_id and Discord button styles', () => {
    const rows = renderDiscord(SAMPLE_REPLIES.buttons!).body.components;
    expect(rows).toHaveLength(1);
    const buttons = buttonsOf(rows);
    expect(buttons.map((b) => [b.label, b.style])).toEqual([
      ['Approve', 1],
      ['Reject', 4],
    ]);
    expect(buttons.map((b) => decodeAction(b.custom_id))).toEqual([
      { v: 1, a: 'approve', id: '42' },
      { v: 1, a: 'reject', id: '42' },
    ]);
    const plain = renderDiscord({ blocks: [], buttons: [{ label: 'Details', action: { v: 1, a: 'details', id: '1' } }] });
    expect(buttonsOf(plain.body.components)[0]!.style).toBe(2);
  });

  it('renders links as link buttons (style 5, url, no custom_id) after the action buttons', () => {
    const url = 'http://steward.example:8080/pages/models/fraud-detector/versions/3?exp=1767225600&sig=abc';
    const m = renderDiscord({ ...SAMPLE_REPLIES.buttons!, links: [{ label: 'Open', url }] });
    expect(problems(m)).toEqual([]);
    const components = m.body.components.flatMap((r) => r.components) as unknown as Record<string, unknown>[];
    expect(components).toHaveLength(3);
    expect(components[2]).toEqual({ type: 2, style: 5, url, label: 'Open' });
    expect('custom_id' in components[2]!).toBe(false);
    // a URL Discord would refuse (over 512) is left out and counted
    const long = renderDiscord({ blocks: [{ kind: 'text', text: 'Drift report' }], links: [{ label: 'Open', url: `${url}${'x'.repeat(600)}` }] });
    expect(long.body.components).toEqual([]);
    expect(long.body.embeds.at(-1)!.footer?.text).toContain('1 more button not shown');
  });

  it('puts at most 5 rows of 5 buttons on a message and says how many were left out', () => {
    const m = renderDiscord(ADVERSARIAL_REPLIES['many-buttons']!);
    expect(m.body.components.map((r) => r.components.length)).toEqual([5, 5, 5, 5, 5]);
    expect(m.body.embeds.at(-1)!.footer!.text).toContain('… 105 more buttons not shown');
    expect(m.body.embeds[0]!.title!.length).toBeLessThanOrEqual(256);
  });

  it('leaves out a button whose payload would not fit a custom_id, or repeats one already on the message', () => {
    const m = renderDiscord({
      blocks: [{ kind: 'text', text: 'x' }],
      buttons: [
        { label: 'Approve', action: { v: 1, a: 'approve', id: '7' } },
        { label: 'Approve again', action: { v: 1, a: 'approve', id: '7' } },
        { label: 'Long', action: { v: 1, a: 'override_approve', id: 'i'.repeat(64) } },
      ],
    });
    expect(buttonsOf(m.body.components).map((b) => b.label)).toEqual(['Approve']);
    expect(m.body.embeds[0]!.footer!.text).toBe('… 2 more buttons not shown');
  });

  it('attaches charts as files and shows each in an embed titled with the chart, alt text as the description', () => {
    const m = renderDiscord(SAMPLE_REPLIES.image!);
    expect(m.files.map((f) => [f.name, f.contentType, f.data.length])).toEqual([['drift-fraud-detector.png', 'image/png', 4]]);
    expect(m.body.attachments).toEqual([{ id: 0, filename: 'drift-fraud-detector.png', description: 'histograms' }]);
    expect(m.body.embeds[1]).toMatchObject({ title: 'Reference vs current', image: { url: 'attachment://drift-fraud-detector.png' } });
  });

  it('attaches at most 9 charts (one embed stays for the text) and says how many were not attached', () => {
    const m = renderDiscord(ADVERSARIAL_REPLIES['huge-cells']!);
    expect(m.files).toHaveLength(9);
    expect(new Set(m.files.map((f) => f.name)).size).toBe(9);
    expect(m.body.embeds).toHaveLength(10);
    expect(m.body.embeds.at(-1)!.footer!.text).toContain('… 3 more charts not attached');
  });

  it('continues 30 fields in a second embed (25 per embed) instead of dropping five', () => {
    const m = renderDiscord(ADVERSARIAL_REPLIES['thirty-fields']!);
    expect(m.body.embeds.map((e) => e.fields?.length)).toEqual([25, 5]);
    expect(m.body.embeds[1]!.fields!.at(-1)!.name).toBe('metric_30');
  });

  it('cuts an 8000-character text at a line, within 6000 characters, saying how many lines are not shown', () => {
    const m = renderDiscord(ADVERSARIAL_REPLIES['long-text']!);
    const text = embedText(m.body.embeds);
    expect(text).toContain('Line 1: drift in **feature\\_0**');
    const shown = (text.match(/^(⚠️ )?Line/gm) ?? []).length;
    expect(shown).toBeGreaterThan(40);
    expect(text).toContain(`… ${110 - shown} more lines not shown`);
  });

  it('cuts a huge table with a "… N more" line counting hidden rows and the rows the reply already left out', () => {
    const d = renderDiscord(ADVERSARIAL_REPLIES['huge-table']!).body.embeds[0]!.description!;
    expect(d.startsWith('```\nversion')).toBe(true);
    expect(d.endsWith('\n```')).toBe(true);
    const shown = d.split('\n').filter((l) => /^v\d+ /.test(l)).length;
    expect(shown).toBeGreaterThan(5);
    expect(d).toContain(`… ${500 - shown + 1500} more`);
  });

  it('keeps the order of a card: fields first, then "**Plan** …" text as a field named Plan', () => {
    const m = renderDiscord({
      title: 'Deploy',
      blocks: [
        { kind: 'fields', fields: [{ label: 'Status', value: 'Awaiting approval' }] },
        { kind: 'text', text: '**Plan** (record only)\n• record fraud-detector v2 as live' },
        { kind: 'context', text: 'A gate failed.' },
      ],
    });
    expect(m.body.embeds[0]!.fields).toEqual([
      { name: 'Status', value: 'Awaiting approval', inline: true },
      { name: 'Plan (record only)', value: '• record fraud-detector v2 as live', inline: false },
      { name: '\u200b', value: '_A gate failed._', inline: false },
    ]);
  });

  it('fuzz: random replies never break a Discord limit', () => {
    let seed = 11;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pool = Array.from({ length: 20_000 }, () => 'ab <&>*`_~|#-\n x\\é😀'[rnd(20)]).join('');
    const str = (n: number) => {
      const l = rnd(n);
      const at = rnd(pool.length - l);
      return pool.slice(at, at + l);
    };
    for (let i = 0; i < 200; i++) {
      const reply: Reply = {
        ...(rnd(2) ? { title: str(300) } : {}),
        tone: (['neutral', 'info', 'success', 'warning', 'danger'] as const)[rnd(5)],
        ephemeral: rnd(2) === 1,
        blocks: Array.from({ length: rnd(60) }, () => {
          switch (rnd(5)) {
            case 0:
              return { kind: 'text' as const, text: str(7000) };
            case 1:
              return { kind: 'fields' as const, fields: Array.from({ length: rnd(40) }, () => ({ label: str(300), value: str(3000) })) };
            case 2:
              return { kind: 'table' as const, columns: Array.from({ length: 1 + rnd(8) }, () => str(20)), rows: Array.from({ length: rnd(200) }, () => Array.from({ length: 8 }, () => str(60))), more: rnd(3) ? undefined : rnd(999) };
            case 3:
              return { kind: 'context' as const, text: str(4000) };
            default:
              return { kind: 'divider' as const };
          }
        }),
        buttons: Array.from({ length: rnd(40) }, (_, j) => ({ label: str(100), action: { v: 1 as const, a: 'approve' as const, id: String(rnd(30) + j) } })),
        images: Array.from({ length: rnd(3) ? 0 : rnd(14) }, (_, j) => ({ filename: `${str(20)}.png`, title: str(300), alt: str(2000), png: new Uint8Array([j]) })),
      };
      expect(problems(renderDiscord(reply)), `reply #${i}`).toEqual([]);
    }
  });
});
