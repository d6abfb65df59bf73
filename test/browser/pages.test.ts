import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageRef } from '../../src/ports/page-links.js';
import { tempDir } from '../helpers/temp-dir.js';
import { axeViolations, browserAvailable, launchBrowser, sayWhySkipped, screenshot, serious, visit } from './browser-env.js';
import { type DemoSteward, startDemoSteward } from './demo-steward.js';

sayWhySkipped('test/browser/pages.test.ts');

const HASH = /^[0-9a-f]{64}$/;

/** The exact numbers a page carries in <data value> elements, in document order, inside `selector`. */
const dataValues = (page: Page, selector: string) => page.$$eval(`${selector} data`, (els) => els.map((e) => Number(e.getAttribute('value'))));

/** A table's body rows as cell texts, found by its caption. */
const tableRows = (page: Page, caption: string | RegExp) =>
  page.$$eval(
    'table',
    (tables, c) => {
      const re = new RegExp(c);
      const t = tables.find((x) => re.test(x.querySelector('caption')?.textContent ?? ''));
      return t ? [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((td) => (td.textContent ?? '').trim())) : null;
    },
    typeof caption === 'string' ? caption.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : caption.source,
  );

/** A fact of the page's description list (dt -> dd), as text. */
const fact = (page: Page, label: string) => page.$$eval('dl.facts > div', (divs, l) => divs.find((d) => d.querySelector('dt')?.textContent === l)?.querySelector('dd')?.textContent?.trim() ?? null, label);

/** Change one character of `s` at `i` (to another one of the same kind, so only the signature check can refuse it). */
function oneCharEdit(s: string, i: number): string {
  const c = s[i]!;
  const to = /[0-9]/.test(c) ? String((Number(c) + 1) % 10) : c === 'a' ? 'b' : 'a';
  return `${s.slice(0, i)}${to}${s.slice(i + 1)}`;
}

describe.skipIf(!browserAvailable)('the pages in headless Chromium, served by `steward start --demo`', () => {
  let browser: Browser;
  let steward: DemoSteward;
  let tmp: string;
  /** the link printed with the deployment card, and the deployment's id */
  let cardLink: string;
  let deploymentId: number;

  beforeAll(async () => {
    tmp = tempDir('browser');
    const [b, s] = await Promise.all([launchBrowser(), startDemoSteward(tmp)]);
    browser = b;
    steward = s;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await steward?.stop();
  }, 60_000);

  /** Load a page and hold it to the bar every page meets: 200, no console error, no serious or critical axe finding, a screenshot that is not blank. */
  async function checkedPage(url: string, name: string, docs?: string) {
    const v = await visit(browser, url);
    expect(v.status, `${name}: ${url}`).toBe(200);
    expect(v.errors, name).toEqual([]);
    const found = serious(await axeViolations(v.page));
    expect(found, `${name}: axe-core`).toEqual([]);
    const shot = await screenshot(v.page, name, tmp, docs ? { docs } : {});
    expect(shot.colours, `${name}: distinct colours in ${shot.file}`).toBeGreaterThan(64);
    expect(shot.white, `${name}: share of white pixels`).toBeLessThan(0.98);
    // no script ran on the page, and none was needed for what it shows
    return v;
  }

  const signed = (page: PageRef) => steward.signedAt(page, Math.floor(Date.now() / 1000) + 600);

  it('control: the checks are real — they catch a blank page, a console error and an image without alt text', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.setContent('<!doctype html><html lang="en"><head><title>blank</title></head><body></body></html>');
    const blank = await screenshot(page, 'control-blank', tmp);
    expect(blank.colours).toBeLessThanOrEqual(64);
    expect(blank.white).toBeGreaterThanOrEqual(0.98);
    await page.setContent('<!doctype html><html lang="en"><head><title>bad</title></head><body><main><h1>Bad</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><script>console.error("boom")</script></main></body></html>');
    expect(errors).toEqual(['boom']);
    expect(serious(await axeViolations(page)).map((v) => v.id)).toContain('image-alt');
    await context.close();
  }, 60_000);

  // first: the demo's monitoring data is on the version live in production before the test below deploys v7
  it('a drift report: loads clean, and rows, share drifted and every feature\'s score and PSI are the JSON API\'s (POST /api/v1/commands)', async () => {
    const v = await checkedPage(signed({ kind: 'drift', model: 'fraud-detector', environment: 'production' }), 'drift', 'pages-drift.png');
    const r = await steward.command('drift fraud-detector production');
    expect(r.status).toBe(200);
    const api = r.body.data as { referenceRows: number; currentRows: number; shareDrifted: number | null; report: { features: { name: string; score: number | null; psi: number | null; status: string }[] } | null };
    expect(api.report).not.toBeNull();
    expect(await fact(v.page, 'Rows')).toBe(`reference ${api.referenceRows} · current ${api.currentRows}`);
    expect(await dataValues(v.page, 'dl.facts')).toEqual([api.shareDrifted]);
    const rows = (await tableRows(v.page, /^Drift per feature/))!;
    expect(rows.map((x) => x[0])).toEqual(api.report!.features.map((f) => f.name));
    const exact = await v.page.$$eval('table', (ts) => {
      const t = ts.find((x) => /^Drift per feature/.test(x.querySelector('caption')?.textContent ?? ''))!;
      // Score is the 4th column, PSI the 7th
      return [...t.querySelectorAll('tbody tr')].map((tr) => [3, 6].map((i) => tr.children[i]!.querySelector('data')?.getAttribute('value') ?? null).map((x) => (x === null ? null : Number(x))));
    });
    expect(exact).toEqual(api.report!.features.map((f) => [f.score, f.psi]));
    // the chart is drawn (inline SVG) and described for screen readers
    expect(await v.page.$$('svg[role="img"]')).not.toHaveLength(0);
    await v.close();
  }, 60_000);

  it('done when: the [Open] link printed with a deployment card opens the version dossier, with the approvals and the audit proof', async () => {
    const c = steward.child;
    c.type('deploy fraud-detector 7 to production');
    const printed = await c.waitFor(/Request:\s+#(\d+)[\s\S]*?Open: (http:\/\/\S+\/pages\/models\/fraud-detector\/versions\/7\?\S+)/);
    deploymentId = Number(printed[1]);
    cardLink = printed[2]!;
    expect(new URL(cardLink).origin).toBe(steward.url);
    expect(new URL(cardLink).searchParams.get('sig')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // valid for the default 7 days
    const exp = Number(new URL(cardLink).searchParams.get('exp'));
    expect(exp * 1000 - Date.now()).toBeGreaterThan(7 * 86_400_000 - 120_000);
    expect(exp * 1000 - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    for (const line of [':as bob', `approve ${deploymentId}`, ':as carol', `approve ${deploymentId}`]) c.type(line);
    await c.waitFor(new RegExp(`Status:\\s+Succeeded`), 60_000);

    const v = await checkedPage(cardLink, 'dossier', 'pages-dossier.png');
    const page = v.page;
    expect(await page.title()).toBe('fraud-detector v7 dossier · Steward');
    // the approvals: one row per person who decided, on this deployment
    const approvals = (await tableRows(page, 'Every decision on the deployments of v7'))!;
    expect(approvals.map((r) => [r[0], r[1], r[2]])).toEqual([
      [`#${deploymentId} (production)`, 'approved', expect.stringMatching(/bob/)],
      [`#${deploymentId} (production)`, 'approved', expect.stringMatching(/carol/)],
    ]);
    // the audit proof: the chain verifies up to a head hash, and every event of this version has its hash
    const verdict = await page.textContent('.verdict');
    expect(verdict).toMatch(/intact\s+The audit chain verifies: \d+ events, head [0-9a-f]{64}\./);
    const events = (await tableRows(page, /^Audit events concerning fraud-detector v7/))!;
    expect(events.length).toBeGreaterThanOrEqual(4);
    for (const e of events) expect(e[6], JSON.stringify(e)).toMatch(HASH);
    const actions = events.map((e) => e[3]);
    expect(actions.filter((a) => /approv/.test(a!)).length).toBeGreaterThanOrEqual(2);
    expect(events.some((e) => e[4] === `deployment:${deploymentId}`)).toBe(true);
    // the same chain the API reports: its newest event's hash is the head the page shows
    const head = await steward.command('audit --limit 1');
    expect(head.status).toBe(200);
    const newest = (head.body.data as { events: { hash: string }[] }).events[0]!;
    expect(verdict).toContain(newest.hash);
    await v.close();
  }, 120_000);

  it('the dossier prints: on paper the navigation is hidden, the approvals and the audit proof are not, and Chromium makes a PDF of it', async () => {
    const v = await visit(browser, cardLink ?? signed({ kind: 'version', model: 'fraud-detector', version: 7 }));
    expect(v.status).toBe(200);
    await v.page.emulateMedia({ media: 'print' });
    expect(await v.page.isVisible('header.site nav')).toBe(false);
    expect(await v.page.isVisible('#approvals')).toBe(true);
    expect(await v.page.isVisible('.verdict')).toBe(true);
    const pdf = await v.page.pdf({ format: 'A4', printBackground: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(v.errors).toEqual([]);
    await v.close();
  }, 60_000);

  it('links inside a page open their pages, signed like the link that opened it (never valid longer)', async () => {
    const link = cardLink ?? signed({ kind: 'version', model: 'fraud-detector', version: 7 });
    const exp = new URL(link).searchParams.get('exp');
    const v = await visit(browser, link);
    const hrefs = await v.page.$$eval('main a[href^="/pages/"], nav a[href^="/pages/"]', (as) => as.map((a) => a.getAttribute('href')!));
    expect(hrefs.length).toBeGreaterThanOrEqual(4);
    for (const h of hrefs) expect(new URL(h, steward.url).searchParams.get('exp'), h).toBe(exp);
    // a link about one model leads to that model's pages only: its page and its audit events
    for (const name of ['fraud-detector', 'Audit log of fraud-detector']) {
      const [res] = await Promise.all([v.page.waitForNavigation(), v.page.click(`nav a:text-is("${name}")`)]);
      expect(res?.status(), name).toBe(200);
      await v.page.goBack();
    }
    expect(v.errors).toEqual([]);
    await v.close();
  }, 60_000);

  it('a link edited by one character, or past its expiry, or without its signature shows only a 403 page', async () => {
    const link = cardLink ?? signed({ kind: 'version', model: 'fraud-detector', version: 7 });
    const u = new URL(link);
    const sig = u.searchParams.get('sig')!;
    const exp = u.searchParams.get('exp')!;
    const withParam = (k: string, val: string) => {
      const x = new URL(link);
      x.searchParams.set(k, val);
      return x.toString();
    };
    const edited = [
      withParam('sig', oneCharEdit(sig, 10)),
      withParam('sig', oneCharEdit(sig, sig.length - 1)),
      withParam('exp', oneCharEdit(exp, exp.length - 1)),
      link.replace('/versions/7?', '/versions/6?'),
      link.replace('/fraud-detector/', '/fraud-detectos/'),
      `${link}&model=x`,
    ];
    const expired = steward.signedAt({ kind: 'version', model: 'fraud-detector', version: 7 }, Math.floor(Date.now() / 1000) - 60);
    const bare = `${steward.url}${u.pathname}`;
    for (const url of [...edited, expired, bare]) {
      const v = await visit(browser, url);
      expect(v.status, url).toBe(403);
      const text = (await v.page.textContent('body')) ?? '';
      expect(text).toMatch(/This link is not valid or has expired/);
      // nothing of the page it named: no model, no numbers, no navigation to other pages
      expect(text).not.toMatch(/fraud-detector|approv|audit chain/i);
      expect(await v.page.$$('nav a, table')).toEqual([]);
      await v.close();
    }
    // control: the untouched link still opens
    const ok = await visit(browser, link);
    expect(ok.status).toBe(200);
    await ok.close();
  }, 60_000);

  it('models: loads clean, and every model\'s latest and live versions are the JSON API\'s', async () => {
    const v = await checkedPage(signed({ kind: 'models' }), 'models');
    const api = (await steward.command('models')).body.data as { models: { name: string; latestVersion: number; live: Record<string, number | null> }[] };
    const rows = (await tableRows(v.page, 'Models and their live versions'))!;
    expect(rows.map((r) => r[0])).toEqual(api.models.map((m) => m.name));
    for (const m of api.models) {
      const row = rows.find((r) => r[0] === m.name)!;
      expect(row).toContain(`v${m.latestVersion}`);
      for (const [env, live] of Object.entries(m.live)) if (live !== null) expect(row.join(' | ')).toContain(`v${live}`);
    }
    await v.close();
  }, 60_000);

  it('a model: loads clean, and its versions and their metrics are the JSON API\'s', async () => {
    const v = await checkedPage(signed({ kind: 'model', model: 'credit-risk-scorer' }), 'model');
    const api = (await steward.command('versions credit-risk-scorer')).body.data as { versions: { version: number; metrics: Record<string, number> }[] };
    const rows = (await tableRows(v.page, /^Versions of credit-risk-scorer/))!;
    expect(rows.map((r) => r[0]!.replace(/\s.*$/, ''))).toEqual(api.versions.map((x) => `v${x.version}`));
    await v.close();
  }, 60_000);

  it('a version dossier: its registered metrics are the JSON API\'s, to the exact value', async () => {
    const v = await checkedPage(signed({ kind: 'version', model: 'credit-risk-scorer', version: 5 }), 'version');
    const api = (await steward.command('versions credit-risk-scorer')).body.data as { versions: { version: number; metrics: Record<string, number> }[] };
    const metrics = api.versions.find((x) => x.version === 5)!.metrics;
    const rows = (await tableRows(v.page, 'Metrics registered with v5'))!;
    expect(rows.map((r) => r[0])).toEqual(Object.keys(metrics));
    // the exact values, from the <data value> of each cell
    const exact = await v.page.$$eval('table', (ts) => {
      const t = ts.find((x) => x.querySelector('caption')?.textContent === 'Metrics registered with v5')!;
      return [...t.querySelectorAll('tbody data')].map((d) => Number(d.getAttribute('value')));
    });
    expect(exact).toEqual(Object.values(metrics));
    await v.close();
  }, 60_000);

  it('a bias report: loads clean, and each group\'s count and selection rate are the JSON API\'s', async () => {
    const v = await checkedPage(signed({ kind: 'bias', model: 'credit-risk-scorer', environment: 'production' }), 'bias');
    const api = (await steward.command('bias credit-risk-scorer production')).body.data as { rows: number; attributes: { attribute: string; groups: { group: string; count: number; selectionRate: number | null }[] }[] };
    expect(api.attributes.length).toBeGreaterThan(0);
    for (const a of api.attributes) {
      const rows = (await tableRows(v.page, `Groups of ${a.attribute}`))!;
      expect(rows.map((r) => r[0])).toEqual(a.groups.map((g) => g.group));
      const exact = await v.page.$$eval(
        'table',
        (ts, cap) => {
          const t = ts.find((x) => x.querySelector('caption')?.textContent === cap)!;
          return [...t.querySelectorAll('tbody tr')].map((tr) => [1, 2].map((i) => Number(tr.children[i]!.querySelector('data')?.getAttribute('value'))));
        },
        `Groups of ${a.attribute}`,
      );
      expect(exact).toEqual(a.groups.map((g) => [g.count, g.selectionRate]));
    }
    await v.close();
  }, 60_000);

  it('a quality report: loads clean, and the live metrics are the JSON API\'s', async () => {
    const v = await checkedPage(signed({ kind: 'quality', model: 'churn-predictor', environment: 'production' }), 'quality');
    const api = (await steward.command('quality churn-predictor production')).body.data as { labelled: number; metrics: { name: string; value: number | null }[] };
    const exact = await v.page.$$eval('table', (ts) => {
      const t = ts.find((x) => x.querySelector('caption')?.textContent === 'Live metrics against the registered values');
      return t ? [...t.querySelectorAll('tbody tr')].map((tr) => tr.children[1]!.querySelector('data')?.getAttribute('value') ?? null).map((x) => (x === null ? null : Number(x))) : [];
    });
    expect(exact).toEqual(api.metrics.map((m) => m.value));
    await v.close();
  }, 60_000);

  it('the audit log: loads clean, and its newest events (seq, action, hash) are the JSON API\'s', async () => {
    const v = await checkedPage(signed({ kind: 'audit' }), 'audit');
    const rows = (await v.page.$$eval('table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => (td.textContent ?? '').trim()))))!;
    expect(rows.length).toBeGreaterThan(0);
    const api = (await steward.command(`audit --limit ${Math.min(rows.length, 200)}`)).body.data as { events: { seq: number; action: string; hash: string }[] };
    const bySeq = new Map(api.events.map((e) => [String(e.seq), e]));
    let compared = 0;
    for (const r of rows) {
      const e = bySeq.get(r[0]!);
      if (!e) continue;
      compared++;
      expect(r).toContain(e.action);
      expect(r.join(' ')).toContain(e.hash);
    }
    expect(compared).toBeGreaterThanOrEqual(Math.min(rows.length, api.events.length) - 1);
    await v.close();
  }, 60_000);

  it('the schedules: loads clean, and each schedule\'s id and cron are the JSON API\'s', async () => {
    const v = await checkedPage(signed({ kind: 'schedules' }), 'schedules');
    const api = (await steward.command('schedules')).body.data as { schedules: { id: number; cron: string }[] };
    expect(api.schedules.length).toBeGreaterThan(0);
    const text = (await v.page.textContent('main'))!;
    for (const s of api.schedules) {
      expect(text).toContain(`#${s.id}`);
      expect(text).toContain(s.cron);
    }
    await v.close();
  }, 60_000);

  it('a page opened with an API token (Authorization header) instead of a link; without either, 403', async () => {
    const withToken = await visit(browser, `${steward.url}/pages/models`, { headers: { authorization: `Bearer ${steward.token}` } });
    expect(withToken.status).toBe(200);
    expect(await withToken.page.textContent('main')).toMatch(/fraud-detector/);
    await withToken.close();
    const none = await visit(browser, `${steward.url}/pages/models`);
    expect(none.status).toBe(403);
    await none.close();
  }, 60_000);

  it('every page fits a phone (360 px) and 200% zoom (640 px of a 1280 px screen): the page never scrolls sideways, wide tables scroll in their own labelled, focusable region', async () => {
    const all: PageRef[] = [
      { kind: 'models' },
      { kind: 'model', model: 'fraud-detector' },
      { kind: 'version', model: 'fraud-detector', version: 6 },
      { kind: 'drift', model: 'fraud-detector', environment: 'production' },
      { kind: 'bias', model: 'credit-risk-scorer', environment: 'production', window: '30d' },
      { kind: 'quality', model: 'credit-risk-scorer', environment: 'production' },
      { kind: 'audit' },
      { kind: 'schedules' },
    ];
    for (const width of [360, 640]) {
      for (const ref of all) {
        const v = await visit(browser, signed(ref), { viewport: { width, height: 800 } });
        expect(v.status, `${ref.kind} at ${width}px`).toBe(200);
        const fit = (await v.page.evaluate(`({ page: document.documentElement.scrollWidth, view: window.innerWidth, regions: [...document.querySelectorAll('table')].map((t) => { const r = t.parentElement; return { scrolls: r.scrollWidth > r.clientWidth, focusable: r.tabIndex === 0, labelled: !!r.getAttribute('aria-labelledby') || !!r.getAttribute('aria-label') }; }) })`)) as { page: number; view: number; regions: { scrolls: boolean; focusable: boolean; labelled: boolean }[] };
        expect(fit.page, `${ref.kind} at ${width}px scrolls sideways`).toBeLessThanOrEqual(fit.view);
        for (const r of fit.regions.filter((x) => x.scrolls)) expect(r, `${ref.kind} at ${width}px`).toEqual({ scrolls: true, focusable: true, labelled: true });
        if (width === 360 && ref.kind === 'audit') expect(fit.regions.some((r) => r.scrolls)).toBe(true); // its wide table does scroll there: the check above ran
        expect(v.errors).toEqual([]);
        await v.close();
      }
    }
  }, 120_000);
});
