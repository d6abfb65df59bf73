import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../src/chat/replies/text-render.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { sha256Hex } from '../../src/db/audit-keyring.js';
import { createToken } from '../../src/governance/create-token.js';
import { verifyAudit } from '../../src/governance/verify-audit.js';
import { startApiServer } from '../../src/http/api-server.js';
import type { RunningHttpServer } from '../../src/http/http-server.js';
import { seedDemo } from '../../src/app/seed-demo.js';
import { openRuntime } from '../../src/app/runtime.js';
import { registerVersion } from '../../src/registry/register-version.js';
import { silentLogger } from '../../src/ports/logger.js';
import type { PageRef } from '../../src/ports/page-links.js';
import { pageSigner, type PageSigner } from '../../src/pages/signed-page-links.js';
import type { Config } from '../../src/config/config.js';
import type { Store } from '../../src/ports/store.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { harness } from '../helpers/harness.js';
import { freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { SYSTEM } from '../helpers/monitoring-fixtures.js';
import { testConfig } from '../helpers/test-config.js';
import { tempDir } from '../helpers/temp-dir.js';

const YAML = `roles:
  ingest: ["log-predictions"]
members:
  "cli:*": [admin]
`;
const HOSTILE_CARD = '<script>alert("pwned")</script> & "quotes" \'too\'';

describe('read-only pages (real HTTP on loopback, PGlite, the demo data)', () => {
  let db: TestDatabase;
  let store: Store;
  let config: Config;
  let server: RunningHttpServer;
  let signer: PageSigner;
  let viewer: string;
  let ingest: string;
  let admin: string;
  const clock = new FixedClock('2026-11-27T12:00:00Z');
  /** set: verifying the audit chain throws (a failure inside a page) */
  let auditFails = false;

  beforeAll(async () => {
    db = await freshDatabase('pglite');
    const dir = tempDir('pages');
    writeFileSync(join(dir, 'steward.yaml'), YAML);
    config = testConfig({ STEWARD_HTTP_PORT: '0', STEWARD_PAGES_KEY: 'a-test-pages-key-of-some-length' }, dir);
    const h = harness({ config, store: drizzleStore(db.db), clock });
    store = h.store;
    const seeded = await seedDemo({ store, clock, config });
    expect(seeded.ok).toBe(true);
    await registerVersion(store, clock, SYSTEM, { model: 'hostile<b>', version: { artifactUri: 's3://x/<img src=x>', card: { intendedUse: HOSTILE_CARD } } });
    signer = pageSigner({ secret: config.pages!.key!, clock, ttlMs: config.pages!.linkTtlMs, publicUrl: null });
    server = (await startApiServer({ app: h.app, store, clock, config, log: silentLogger, renderText: (r) => renderText(r), pages: { signer, verifyAudit: () => (auditFails ? Promise.reject(new Error('database secret detail')) : verifyAudit(store.read.audit, sha256Hex)) } }))!;
    signer.listening(server.url);
    const token = async (name: string, role: string) => ((await createToken(h.deps, SYSTEM, { name, role })) as { value: { token: string } }).value.token;
    viewer = await token('reader', 'viewer');
    ingest = await token('feeder', 'ingest');
    admin = await token('ops', 'admin');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url.startsWith('http') ? url : `${server.url}${url}`, { headers, redirect: 'manual' });
    return { status: res.status, headers: res.headers, body: await res.text() };
  };
  const link = (page: PageRef) => signer.url(page)!;
  const pages: PageRef[] = [
    { kind: 'models' },
    { kind: 'model', model: 'fraud-detector' },
    { kind: 'version', model: 'fraud-detector', version: 1 },
    { kind: 'version', model: 'fraud-detector', version: 3 },
    { kind: 'drift', model: 'fraud-detector', environment: 'production' },
    { kind: 'bias', model: 'credit-risk-scorer', environment: 'production', window: '30d' },
    { kind: 'quality', model: 'churn-predictor', environment: 'production' },
    { kind: 'audit' },
    { kind: 'audit', model: 'fraud-detector', action: 'deploy.*' },
    { kind: 'schedules' },
  ];

  const expectPageHeaders = (h: Headers) => {
    expect(h.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = h.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/script-src/);
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect(h.get('x-frame-options')).toBe('DENY');
  };

  it.each(pages.map((p) => [JSON.stringify(p), p] as const))('%s: 200 with a valid link, security headers, lang, title, one h1, no script', async (_n, page) => {
    const r = await get(link(page));
    expect(r.status, r.body.slice(0, 2000)).toBe(200);
    expectPageHeaders(r.headers);
    expect(r.body).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(r.body).toMatch(/<title>[^<]+<\/title>/);
    expect(r.body.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(r.body).toContain('<header class="site">');
    expect(r.body).toContain('<nav aria-label="Steward pages">');
    expect(r.body).toContain('<main id="main">');
    expect(r.body).toContain('<footer class="site">');
    expect(r.body).not.toMatch(/<script|javascript:|\sstyle=|\son[a-z]+=/i);
    // every table header cell says what it heads; every scroll region can be reached and is named
    for (const th of r.body.match(/<th(\s[^>]*)?>/g) ?? []) expect(th).toMatch(/ scope="(col|row)"/);
    for (const region of r.body.match(/<div class="scroll"[^>]*>/g) ?? []) expect(region).toMatch(/tabindex="0".*aria-labelledby="t\d+"/);
  });

  it('the stylesheet is served by the same server, as CSS', async () => {
    const r = await get('/pages/assets/steward.css');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.body).toContain('@media print');
  });

  describe('without a valid link or a token nothing is shown (403)', () => {
    const forbidden = (r: { status: number; body: string; headers: Headers }) => {
      expect(r.status).toBe(403);
      expectPageHeaders(r.headers);
      expect(r.body).toContain('This link is not valid or has expired. Ask for a new link in chat (the [Open] button on the card).');
      expect(r.body).not.toMatch(/fraud-detector|churn|credit-risk|<nav/);
    };
    const version = () => link({ kind: 'version', model: 'fraud-detector', version: 1 });
    const swap = (c: string) => (c === 'A' ? 'B' : 'A');

    it('no link and no token', async () => {
      forbidden(await get('/pages/models/fraud-detector/versions/1'));
      forbidden(await get('/pages/models'));
    });
    it('one character changed in the signature', async () => {
      const u = new URL(version());
      const sig = u.searchParams.get('sig')!;
      for (const i of [0, 10, sig.length - 1]) {
        u.searchParams.set('sig', sig.slice(0, i) + swap(sig[i]!) + sig.slice(i + 1));
        forbidden(await get(u.toString()));
      }
    });
    it('one character changed in the path, or the link moved to another page', async () => {
      forbidden(await get(version().replace('/versions/1?', '/versions/2?')));
      forbidden(await get(version().replace('fraud-detector', 'fraud-detectos')));
      forbidden(await get(version().replace('/pages/models/fraud-detector/versions/1?', '/pages/models?')));
    });
    it('one character changed in the expiry, or the expiry pushed later', async () => {
      const u = new URL(version());
      const exp = u.searchParams.get('exp')!;
      u.searchParams.set('exp', String(Number(exp) + 1));
      forbidden(await get(u.toString()));
      u.searchParams.set('exp', String(Number(exp) + 86_400 * 365));
      forbidden(await get(u.toString()));
    });
    it('a query parameter added, removed or changed', async () => {
      forbidden(await get(`${version()}&extra=1`));
      const drift = link({ kind: 'drift', model: 'fraud-detector', environment: 'production', window: '7d' });
      forbidden(await get(drift.replace('window=7d', 'window=30d')));
      forbidden(await get(drift.replace('window=7d&', '')));
      const audit = link({ kind: 'audit', model: 'fraud-detector' });
      forbidden(await get(audit.replace('model=fraud-detector', 'model=churn-predictor')));
    });
    it('an expired link (the clock moved past the link lifetime of 7 days)', async () => {
      const u = version();
      expect((await get(u)).status).toBe(200);
      clock.advance(7 * 86_400_000 - 1000);
      expect((await get(u)).status).toBe(200);
      clock.advance(1000);
      try {
        forbidden(await get(u));
      } finally {
        clock.set('2026-11-27T12:00:00Z');
      }
    });
    it('a link signed with another key', async () => {
      const other = pageSigner({ secret: 'another-key-of-sufficient-length', clock, ttlMs: 86_400_000, publicUrl: server.url });
      forbidden(await get(other.url({ kind: 'models' })!));
    });
    it('a token that is unknown, or whose role cannot read', async () => {
      forbidden(await get('/pages/models', { authorization: 'Bearer not-a-token' }));
      forbidden(await get('/pages/models/fraud-detector', { authorization: `Bearer ${ingest}` }));
    });
    it('only GET: anything else is refused and shows no data', async () => {
      for (const method of ['POST', 'PUT', 'DELETE']) {
        const res = await fetch(version(), { method, body: method === 'DELETE' ? undefined : 'x' });
        const body = await res.text();
        expect(res.status).toBe(405);
        expect(body).not.toContain('fraud-detector');
      }
    });
  });

  it('an API token allowed to read opens pages; its in-page links are plain paths', async () => {
    const r = await get('/pages/models/fraud-detector', { authorization: `Bearer ${viewer}` });
    expect(r.status).toBe(200);
    expectPageHeaders(r.headers);
    expect(r.body).toContain('href="/pages/models/fraud-detector/versions/1"');
    expect(r.body).not.toContain('sig=');
    expect(r.body).toContain('Opened with an API token.');
  });

  it('links inside a page carry the expiry of the link that opened it, never a later one', async () => {
    const opened = link({ kind: 'model', model: 'fraud-detector' });
    const exp = new URL(opened).searchParams.get('exp')!;
    clock.advance(3 * 86_400_000);
    try {
      const r = await get(opened);
      expect(r.status).toBe(200);
      const hrefs = [...r.body.matchAll(/href="(\/pages\/[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')).filter((h) => !h.endsWith('.css'));
      expect(hrefs.length).toBeGreaterThan(10);
      for (const h of hrefs) expect(new URL(h, server.url).searchParams.get('exp'), h).toBe(exp);
      // and they open their pages: this model's own (the navigation leads to the model and its audit events)
      expect(hrefs.every((h) => h.startsWith('/pages/models/fraud-detector') || h.startsWith('/pages/audit?model=fraud-detector&'))).toBe(true);
      const version = hrefs.find((h) => h.includes('/versions/'))!;
      expect((await get(version)).status).toBe(200);
      const drift = hrefs.find((h) => h.includes('/drift/'))!;
      expect((await get(drift)).status).toBe(200);
    } finally {
      clock.set('2026-11-27T12:00:00Z');
    }
  });

  it('a link about one model opens only that model: no signed way from it to other models, the whole audit log or the schedules', async () => {
    const dossier = await get(link({ kind: 'version', model: 'fraud-detector', version: 3 }));
    expect(dossier.status).toBe(200);
    const hrefs = [...dossier.body.matchAll(/href="(\/pages\/[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')).filter((h) => !h.endsWith('.css'));
    for (const h of hrefs) expect(h, h).toMatch(/^\/pages\/(models\/fraud-detector[/?]|audit\?model=fraud-detector&)/);
    expect(dossier.body).not.toContain('>Schedules<');
    const audit = hrefs.find((h) => h.startsWith('/pages/audit?model=fraud-detector&'))!;
    const page = await get(audit);
    expect(page.status).toBe(200);
    // its filter form keeps the model: other filters may vary, the model may not
    const fields = Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="([a-z]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
    expect(fields.model).toBe('fraud-detector');
    const form = (q: Record<string, string>) => get(`/pages/audit?${new URLSearchParams({ ...fields, actor: '', action: 'deploy.*', since: '', until: '', ...q })}`);
    expect((await form({})).status).toBe(200);
    expect((await form({ model: 'churn-predictor' })).status).toBe(403);
    const { model: _, ...unpinned } = fields;
    expect((await get(`/pages/audit?${new URLSearchParams(unpinned)}`)).status).toBe(403);
    // the models list, by the same expiry, is not opened by this link
    const exp = new URL(audit, server.url).searchParams.get('exp')!;
    const sig = new URL(audit, server.url).searchParams.get('sig')!;
    expect((await get(`/pages/models?exp=${exp}&sig=${sig}`)).status).toBe(403);
  });

  it('a report links to its other windows and the other reports, with the same expiry', async () => {
    const opened = link({ kind: 'drift', model: 'fraud-detector', environment: 'production' });
    const exp = new URL(opened).searchParams.get('exp')!;
    const body = (await get(opened)).body;
    expect(body).toContain('Window: <a href=');
    expect(body).toContain('<strong>7d</strong>');
    const month = /href="([^"]*window=30d[^"]*)">30d</.exec(body)![1]!.replace(/&amp;/g, '&');
    expect(new URL(month, server.url).searchParams.get('exp')).toBe(exp);
    const r = await get(month);
    expect(r.status).toBe(200);
    expect(r.body).toContain('<strong>30d</strong>');
    expect(r.body).toContain('last 30d');
  });

  it('escapes every interpolated string: a hostile model card, model name and artifact URI render as text', async () => {
    const r = await get(link({ kind: 'version', model: 'hostile<b>', version: 1 }));
    expect(r.status).toBe(200);
    expect(r.body).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;too&#39;');
    expect(r.body).toContain('hostile&lt;b&gt;');
    expect(r.body).toContain('s3://x/&lt;img src=x&gt;');
    expect(r.body).not.toMatch(/<script|<img|<b>/);
  });

  it('a failure inside a page is a 500 page with a ref, never the error or a stack trace', async () => {
    auditFails = true;
    try {
      const r = await get(link({ kind: 'audit' }));
      expect(r.status).toBe(500);
      expectPageHeaders(r.headers);
      expect(r.body).toMatch(/Steward could not show this page \(ref [0-9a-f]{8}\)/);
      expect(r.body).not.toMatch(/database secret detail|Error|at .*\.ts/);
    } finally {
      auditFails = false;
    }
  });

  it('an unknown model is a 404 page; a valid link to it is still required', async () => {
    const r = await get(link({ kind: 'model', model: 'nope' }));
    expect(r.status).toBe(404);
    expect(r.body).toContain('There is no model “nope”.');
    expect((await get('/pages/models/nope')).status).toBe(403);
    expect((await get(link({ kind: 'drift', model: 'fraud-detector', environment: 'moon' }))).status).toBe(404);
  });

  it('the drift page shows the numbers of `drift <model> <env>` (POST /api/v1/commands, its data), feature by feature', async () => {
    const res = await fetch(`${server.url}/api/v1/commands`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'drift fraud-detector production' }) });
    const api = (await res.json()) as { data: { shareDrifted: number; currentRows: number; referenceRows: number; report: { features: { name: string; test: string; score: number | null; threshold: number; status: string; psi: number | null; jensenShannon: number | null }[] } } };
    expect(res.status).toBe(200);
    const features = api.data.report.features;
    expect(features.length).toBeGreaterThan(1);
    const page = (await get(link({ kind: 'drift', model: 'fraud-detector', environment: 'production' }))).body;
    const value = (v: number | null) => (v === null ? '—' : `<data value="${v}">`);
    const rows = [...page.matchAll(/<tr><th scope="row">([^<]+)<\/th>(.*?)<\/tr>/g)].filter((m) => features.some((f) => f.name === m[1]));
    expect(rows.map((m) => m[1])).toEqual(features.map((f) => f.name));
    for (const [i, f] of features.entries()) {
      const cells = rows[i]![2]!.split('</td>').map((c) => c.replace(/^<td>/, ''));
      expect(cells[1]).toBe(f.test);
      expect(cells[2]!.startsWith(value(f.score)), `${f.name} score ${cells[2]}`).toBe(true);
      expect(cells[3]!.startsWith(value(f.threshold))).toBe(true);
      expect(cells[4]).toContain(f.status.replace(/_/g, ' '));
      expect(cells[5]!.startsWith(value(f.psi))).toBe(true);
      expect(cells[6]!.startsWith(value(f.jensenShannon))).toBe(true);
    }
    expect(page).toContain(`<data value="${api.data.shareDrifted}">`);
    expect(page).toContain(`reference ${api.data.referenceRows} · current ${api.data.currentRows}`);
    // the chart names itself and describes its numbers
    expect(page).toMatch(/<svg role="img" aria-labelledby="drift-psi-title drift-psi-desc"/);
    expect(page).toContain('<title id="drift-psi-title">');
  });

  it('the dossier has the card, lineage, metrics, approvals, gates, deployments, monitoring and its audit events with hashes and the chain status', async () => {
    const r = await get(link({ kind: 'version', model: 'fraud-detector', version: 3 }));
    for (const h of ['Model card', 'Lineage', 'Registered metrics and fairness results', 'Approvals', 'Gates', 'Deployments', 'Monitoring summary', 'Audit events']) expect(r.body).toContain(`>${h}</h2>`);
    expect(r.body).toContain('The audit chain verifies');
    expect(r.body).toMatch(/<code class="digest">[0-9a-f]{64}<\/code>/);
    expect(r.body).toContain('version.registered');
  });

  it('the audit filter form (GET) keeps the expiry and opens the log with the filters typed', async () => {
    const opened = link({ kind: 'audit' });
    const exp = new URL(opened).searchParams.get('exp')!;
    const page = (await get(opened)).body;
    expect(page).toMatch(/<form class="filters" method="get" action="\/pages\/audit"/);
    expect(page).toContain(`<input type="hidden" name="exp" value="${exp}">`);
    const sig = /<input type="hidden" name="sig" value="([^"]+)">/.exec(page)![1]!;
    for (const label of ['Model', 'Actor', 'Action', 'Since', 'Until']) expect(page).toMatch(new RegExp(`<label for="f-[a-z]+">${label}<`));
    const form = (q: string) => get(`/pages/audit?exp=${exp}&scope=filters&sig=${sig}&${q}`);
    const filtered = await form('model=fraud-detector&actor=&action=deploy.*&since=2020-01-01&until=');
    expect(filtered.status).toBe(200);
    expect(filtered.body).toContain('Filtered by model fraud-detector, action deploy.*');
    expect(filtered.body).toContain('deploy.requested');
    expect(filtered.body).not.toMatch(/<td>token\.created<\/td>/);
    expect((await form('since=yesterday')).status).toBe(400);
    expect((await form('other=1')).status).toBe(403);
    expect((await get(`/pages/audit?exp=${Number(exp) + 1}&scope=filters&sig=${sig}`)).status).toBe(403);
  });
});

describe('pages wiring in the runtime', () => {
  it('a server with an HTTP port signs links with the data-directory key (made once, 0600), under where it listens or STEWARD_PUBLIC_URL', async () => {
    const dir = tempDir('pages-rt');
    const config = testConfig({ STEWARD_HTTP_PORT: '0', STEWARD_DATA_DIR: dir });
    const clock = new FixedClock('2026-11-27T12:00:00Z');
    const db = await freshDatabase('pglite');
    const rt = await openRuntime(config, silentLogger, { mode: 'server', clock, database: db });
    try {
      expect(statSync(join(dir, 'pages-key')).mode & 0o777).toBe(0o600);
      const links = rt.steward.commands.pageLinks;
      expect(links.url({ kind: 'models' })).toBeNull();
      rt.pages!.listening('http://127.0.0.1:8080');
      const u = new URL(links.url({ kind: 'drift', model: 'fraud-detector', environment: 'production', window: '7d' })!);
      expect(u.origin + u.pathname).toBe('http://127.0.0.1:8080/pages/models/fraud-detector/drift/production');
      expect(Number(u.searchParams.get('exp'))).toBe(Date.parse('2026-12-04T12:00:00Z') / 1000);
      expect(rt.pages!.verify(u.pathname, u.searchParams).ok).toBe(true);
      expect((await rt.verifyAudit()).ok).toBe(true);
    } finally {
      await rt.close();
    }
    const cfg2 = testConfig({ STEWARD_HTTP_PORT: '0', STEWARD_DATA_DIR: dir, STEWARD_PUBLIC_URL: 'https://steward.example.com/' });
    const db2 = await freshDatabase('pglite');
    const rt2 = await openRuntime(cfg2, silentLogger, { mode: 'server', clock, database: db2 });
    try {
      rt2.pages!.listening('http://127.0.0.1:8080');
      expect(rt2.steward.commands.pageLinks.url({ kind: 'audit', model: 'a b' })).toMatch(/^https:\/\/steward\.example\.com\/pages\/audit\?model=a\+b&exp=\d+&sig=[\w-]+$/);
    } finally {
      await rt2.close();
    }
  });

  it('without an HTTP port there are no links', async () => {
    const db = await freshDatabase('pglite');
    const rt = await openRuntime(testConfig({ STEWARD_DATA_DIR: tempDir('pages-none') }), silentLogger, { mode: 'server', database: db });
    try {
      expect(rt.pages).toBeNull();
      expect(rt.steward.commands.pageLinks.url({ kind: 'models' })).toBeNull();
    } finally {
      await rt.close();
    }
  });
});
