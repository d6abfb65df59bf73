import { describe, expect, it } from 'vitest';
import { html, join } from '../../src/pages/html.js';
import { pageSigner } from '../../src/pages/signed-page-links.js';
import { canonicalPath, canonicalQuery, pageTarget } from '../../src/pages/page-paths.js';
import { DEFAULT_LINK_TTL_MS } from '../../src/config/pages-config.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { configFromYaml, testConfig } from '../helpers/test-config.js';
import { loadConfig } from '../../src/config/load-config.js';

describe('the html template escapes what it interpolates', () => {
  it('escapes & < > " \' in strings, keeps fragments built by html, joins arrays, drops null/undefined/false', () => {
    const card = '<script>alert("x")</script> & \'y\'';
    expect(html`<p title="${card}">${card}</p>`.text).toBe('<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>');
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}</p>`.text).toBe('<p><b>&lt;i&gt;</b></p>');
    expect(html`<ul>${['<a>', html`<li>ok</li>`]}</ul>`.text).toBe('<ul>&lt;a&gt;<li>ok</li></ul>');
    expect(html`${null}${undefined}${false}${0}`.text).toBe('0');
    expect(join(['<', html`<br>`], html`<hr>`).text).toBe('&lt;<hr><br>');
  });
});

describe('signed page links', () => {
  const clock = new FixedClock('2026-11-27T12:00:00Z');
  const signer = pageSigner({ secret: 'a-key-of-at-least-sixteen', clock, ttlMs: DEFAULT_LINK_TTL_MS, publicUrl: null });
  const at = (u: string) => new URL(u, 'http://h');

  it('has no absolute links before the server listens (unless STEWARD_PUBLIC_URL is set)', () => {
    const s = pageSigner({ secret: 'a-key-of-at-least-sixteen', clock, ttlMs: 1000, publicUrl: null });
    expect(s.url({ kind: 'models' })).toBeNull();
    s.listening('http://127.0.0.1:8080/');
    expect(s.url({ kind: 'models' })).toMatch(/^http:\/\/127\.0\.0\.1:8080\/pages\/models\?exp=\d+&sig=[\w-]{43}$/);
    const any = pageSigner({ secret: 'a-key-of-at-least-sixteen', clock, ttlMs: 1000, publicUrl: null });
    any.listening('http://0.0.0.0:9000');
    expect(any.url({ kind: 'models' })).toMatch(/^http:\/\/127\.0\.0\.1:9000\/pages\/models\?/);
    const fixed = pageSigner({ secret: 'a-key-of-at-least-sixteen', clock, ttlMs: 1000, publicUrl: 'https://s.example.com/base/' });
    fixed.listening('http://127.0.0.1:1');
    expect(fixed.url({ kind: 'schedules' })).toMatch(/^https:\/\/s\.example\.com\/base\/pages\/schedules\?/);
  });

  it('names each page by one path and a sorted query', () => {
    expect(pageTarget({ kind: 'version', model: 'a b/c', version: 3 }).path).toBe('/pages/models/a%20b%2Fc/versions/3');
    expect(pageTarget({ kind: 'quality', model: 'm', environment: 'prod', window: '30d' })).toEqual({ path: '/pages/models/m/quality/prod', query: new URLSearchParams('window=30d') });
    expect(canonicalQuery(new URLSearchParams('until=2&model=m&exp=1&sig=x&action=a'))).toBe('?action=a&model=m&until=2');
    expect(canonicalPath('/pages/models/a%7Eb')).toBe(canonicalPath('/pages/models/a~b'));
    expect(canonicalPath('/pages/models/%E0%A4%A')).toBeNull();
  });

  it('verifies a link for its page until it expires, whatever order the query comes in', () => {
    const href = signer.hrefAt({ kind: 'audit', model: 'm', actor: 'alice', since: '2026-11-01' }, 1_800_000_000);
    const u = at(href);
    expect(signer.verify(u.pathname, u.searchParams)).toEqual({ ok: true, exp: 1_800_000_000, model: 'm' });
    const everyModel = at(signer.hrefAt({ kind: 'models' }, 1_800_000_000));
    expect(signer.verify(everyModel.pathname, everyModel.searchParams)).toEqual({ ok: true, exp: 1_800_000_000, model: null });
    const shuffled = new URLSearchParams([...u.searchParams].reverse());
    expect(signer.verify(u.pathname, shuffled).ok).toBe(true);
    // a duplicate exp or sig, or none, is refused
    expect(signer.verify(u.pathname, new URLSearchParams(`${u.searchParams}&exp=1800000000`)).ok).toBe(false);
    expect(signer.verify(u.pathname, new URLSearchParams('model=m')).ok).toBe(false);
    const past = at(signer.hrefAt({ kind: 'models' }, Math.floor(clock.now().getTime() / 1000)));
    expect(signer.verify(past.pathname, past.searchParams).ok).toBe(false);
  });

  it('url() expires after linkTtl from now', () => {
    const s = pageSigner({ secret: 'a-key-of-at-least-sixteen', clock, ttlMs: 3_600_000, publicUrl: 'http://x' });
    expect(Number(at(s.url({ kind: 'models' })!).searchParams.get('exp'))).toBe(Date.parse('2026-11-27T13:00:00Z') / 1000);
  });

  it('the audit filter form: its signature opens the audit log with any filters, and nothing else', () => {
    const f = signer.auditFormFields(1_800_000_000);
    const q = (extra: string) => new URLSearchParams(`exp=${f.exp}&scope=${f.scope}&sig=${f.sig}${extra}`);
    expect(signer.verify('/pages/audit', q('&model=x&actor=&action=deploy.*&since=2026-01-01&until=')).ok).toBe(true);
    expect(signer.verify('/pages/audit', q('&window=7d')).ok).toBe(false);
    expect(signer.verify('/pages/audit', q('&scope=filters')).ok).toBe(false);
    expect(signer.verify('/pages/models', q('')).ok).toBe(false);
    // a page link's signature is no form signature
    const page = at(signer.hrefAt({ kind: 'audit' }, 1_800_000_000));
    const borrowed = q('&model=x');
    borrowed.set('sig', page.searchParams.get('sig')!);
    expect(signer.verify('/pages/audit', borrowed).ok).toBe(false);
  });
});

describe('pages settings', () => {
  it('defaults: a data-directory key, a 7-day link lifetime, no public URL', () => {
    const c = testConfig();
    expect(c.pages).toEqual({ key: null, keyFile: '/tmp/steward-test-data/pages-key', linkTtlMs: 7 * 86_400_000, publicUrl: null });
  });
  it('STEWARD_PAGES_KEY, STEWARD_PUBLIC_URL and pages.linkTtl', () => {
    const c = configFromYaml('pages:\n  linkTtl: 36h\n', { STEWARD_PAGES_KEY: 'x'.repeat(20), STEWARD_PUBLIC_URL: 'https://steward.example.com/' });
    expect(c.pages).toMatchObject({ key: 'x'.repeat(20), linkTtlMs: 36 * 3_600_000, publicUrl: 'https://steward.example.com' });
  });
  it('a short key, a URL that is not one, an out-of-range lifetime: each a problem, the key never quoted', () => {
    const r = loadConfig({ STEWARD_DATA_DIR: '/tmp/x', STEWARD_PAGES_KEY: 'short-secret', STEWARD_PUBLIC_URL: 'steward.example.com?x=1' }, '/nonexistent');
    expect(r.ok).toBe(false);
    const text = r.ok ? '' : r.problems.map((p) => `${p.where}: ${p.message}`).join('\n');
    expect(text).toContain('env: STEWARD_PAGES_KEY');
    expect(text).toContain('env: STEWARD_PUBLIC_URL');
    expect(text).not.toContain('short-secret');
    expect(() => configFromYaml('pages:\n  linkTtl: 400d\n')).toThrow(/linkTtl is between 1m and 366d/);
  });
});
