import type { Reply } from '../../src/chat/replies/reply.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { codeBlocks, type CodeBlock, notAPartOf, shellLines, shellWords } from './markdown-blocks.js';
import { DocsSession, EXAMPLE_CONFIG, EXAMPLE_SECRETS, ROOT } from './docs-session.js';

/**
 * The documentation cannot drift from the code: every steward.yaml example in the README and under
 * docs/ is a part of one complete file that loads, and every command example runs as written —
 * `steward …` lines through the real CLI, chat transcripts through the real console chat, curl lines
 * against a real HTTP server — each page in order, on a fresh embedded database with the demo data.
 *
 * Conventions in the Markdown: a chat transcript is a ```text block whose first line starts with
 * /mlops; a trailing `# exits N` on a command line is the exit status it must end with; a block
 * marked `<!-- docs-test: not run (why) -->` is not run, and a YAML block marked
 * `<!-- not steward.yaml: what it is -->` is only parsed.
 */

const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const blocks: CodeBlock[] = PAGES.flatMap((p) => codeBlocks(p, readFileSync(join(ROOT, p), 'utf8')));
const where = (b: CodeBlock) => `${b.file}:${b.line}`;
const isTranscript = (b: CodeBlock) => (b.lang === 'text' || b.lang === '') && b.body.trimStart().startsWith('/mlops');
const notRun = (b: CodeBlock) => b.marker?.startsWith('docs-test: not run') ?? false;

/** Lines of a page that a reader types but that are not Steward's to run here. */
const NOT_STEWARD = [/^npm /, /^npx tsc\b/, /^npx vitest\b/, /^UPDATE_GOLDEN=/, /^TEST_DATABASE_URL=/, /^python3 docs\/examples\//];

describe('the complete example configuration', () => {
  const whole = parseYaml(readFileSync(join(ROOT, EXAMPLE_CONFIG), 'utf8')) as unknown;

  it('loads with the secrets it names, and without them names each missing variable', () => {
    const r = loadConfig({ STEWARD_CONFIG: EXAMPLE_CONFIG, ...EXAMPLE_SECRETS }, ROOT);
    expect(r.ok ? [] : r.problems).toEqual([]);
    const missing = loadConfig({ STEWARD_CONFIG: EXAMPLE_CONFIG }, ROOT);
    expect(missing.ok).toBe(false);
    const text = missing.ok ? '' : missing.problems.map((p) => `${p.where}: ${p.message}`).join('\n');
    for (const v of Object.keys(EXAMPLE_SECRETS)) expect(text).toContain(v);
  });

  const yamlBlocks = blocks.filter((b) => b.lang === 'yaml');
  it('every steward.yaml example in the docs is a part of it', () => {
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(8);
    const problems: string[] = [];
    for (const b of yamlBlocks) {
      let part: unknown;
      try {
        part = parseYaml(b.body);
      } catch (e) {
        problems.push(`${where(b)}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
        continue;
      }
      if (b.marker?.startsWith('not steward.yaml')) continue;
      const d = notAPartOf(part, whole);
      if (d) problems.push(`${where(b)}: ${d}`);
    }
    expect(problems).toEqual([]);
  });

  it('a YAML example that is not part of it is caught (the check can fail)', () => {
    expect(notAPartOf({ policies: { production: { approvals: 3 } } }, whole)).toMatch(/approvals: 3 here, 2 in the complete file/);
    expect(notAPartOf({ roles: { oncall: ['read'] } }, whole)).toMatch(/roles\.oncall/);
    expect(notAPartOf({ members: { 'console:*': ['admin'] } }, whole)).toBeNull();
  });
});

interface Step {
  readonly block: CodeBlock;
  readonly kind: 'steward' | 'shell' | 'chat';
  readonly text: string;
  readonly exit: number;
}

function steps(page: string): Step[] {
  const out: Step[] = [];
  for (const b of blocks.filter((x) => x.file === page && !notRun(x))) {
    if (isTranscript(b)) out.push({ block: b, kind: 'chat', text: b.body, exit: 0 });
    if (b.lang !== 'sh') continue;
    for (const l of shellLines(b.body)) {
      const exit = Number(/\bexits? (\d)\b/.exec(l.comment)?.[1] ?? 0);
      if (/^(npx )?steward /.test(l.text)) out.push({ block: b, kind: 'steward', text: l.text, exit });
      else if (/^curl /.test(l.text)) out.push({ block: b, kind: 'shell', text: l.text, exit });
      else if (!NOT_STEWARD.some((re) => re.test(l.text))) throw new Error(`${where(b)}: "${l.text}" is neither a steward nor a curl line; mark the block <!-- docs-test: not run (why) -->`);
    }
  }
  return out;
}

/** "/mlops deploy …     (an approval card)" -> "/mlops deploy …" */
const transcriptLines = (body: string) => body.split('\n').map((l) => l.replace(/\s{2,}\(.*\)\s*$/, '').trim()).filter(Boolean);

/** What the chat transcripts of a page answered, in order. */
const answered = new Map<DocsSession, { input: string; reply: Reply }[]>();

async function follow(page: string, config: 'example' | 'none'): Promise<DocsSession> {
  const s = new DocsSession(config);
  answered.set(s, []);
  await s.start();
  try {
    for (const step of steps(page)) {
      const at = `${where(step.block)} (${config === 'example' ? 'example config' : 'no steward.yaml'}): ${step.text.split('\n')[0]}`;
      if (step.kind === 'steward') {
        const argv = shellWords(step.text.replace(/^npx /, '')).slice(1);
        const r = await s.steward(argv);
        expect({ at, code: r.code, err: r.err }).toEqual({ at, code: step.exit, err: r.code === step.exit ? r.err : '(see the output above)' });
        if (argv[0] === 'token' && argv[1] === 'create') s.token = r.out.trim().split('\n').pop()!;
      } else if (step.kind === 'shell') {
        const r = await s.shell(step.text);
        expect({ at, code: r.code, err: r.err }).toEqual({ at, code: step.exit, err: r.code === step.exit ? r.err : '(see the output above)' });
      } else {
        const lines = transcriptLines(step.text);
        const replies = await s.chat(lines);
        answered.get(s)!.push(...replies);
        const typed = lines.filter((l) => !l.startsWith(':'));
        expect({ at, replies: replies.length }).toEqual({ at, replies: typed.length });
        const refused = replies.filter((r) => r.reply.error).map((r) => `${r.input} -> ${r.reply.error}: ${JSON.stringify(r.reply.blocks).slice(0, 300)}`);
        expect({ at, refused }).toEqual({ at, refused: [] });
      }
    }
    return s;
  } catch (e) {
    await s.closeHandles();
    throw e;
  }
}

const runnable = PAGES.filter((p) => steps(p).length > 0);

describe('documentation examples run as written', () => {
  it('finds the pages with runnable examples', () => {
    expect(runnable).toEqual(expect.arrayContaining(['README.md', 'docs/monitoring.md', 'docs/http-api.md', 'docs/scheduling.md']));
  });

  it('the README walk-through works on the default install: the reports say what it says, and the deployment is approved by bob and carol', async () => {
    const s = await follow('README.md', 'none');
    // the story as the tour tells it, in the tour's order
    const reply = (input: RegExp) => answered.get(s)!.find((r) => input.test(r.input))!.reply;
    const drifted = (input: RegExp) => ((reply(input).data as { report: { features: { name: string; status: string }[] } | null }).report?.features ?? []).filter((f) => f.status === 'drift').map((f) => f.name).sort();
    expect(drifted(/drift fraud-detector production$/)).toEqual(['amount', 'merchant_category']);
    expect(drifted(/drift churn-predictor production$/)).toEqual([]);
    const rt = await s.open();
    const d = await rt.steward.commands.store.read.deployments.byId(27);
    expect(d).toMatchObject({ modelName: 'fraud-detector', version: 7, environment: 'production', status: 'approved' });
    await s.closeHandles();
  }, 240_000);

  it('the README walk-through works with the complete example configuration', async () => {
    const s = await follow('README.md', 'example');
    const rt = await s.open();
    const d = await rt.steward.commands.store.read.deployments.byId(27);
    expect(d).toMatchObject({ modelName: 'fraud-detector', version: 7, environment: 'production', status: 'approved' });
    expect(d!.gates.every((g) => g.passed)).toBe(true);
    await s.closeHandles();
  }, 240_000);

  for (const page of runnable.filter((p) => p !== 'README.md')) {
    it(`${page}, every example in order, with the complete example configuration`, async () => {
      const s = await follow(page, 'example');
      await s.closeHandles();
    }, 240_000);
  }
});
