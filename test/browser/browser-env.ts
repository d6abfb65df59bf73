import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { root } from '../helpers/steward-process.js';

/**
 * Headless Chromium for the page tests: Debian's `chromium` (apt-get install -y chromium), driven by
 * playwright-core pointed at the system browser (playwright-core downloads none). STEWARD_CHROMIUM
 * names another executable.
 */
function findChromium(): string | null {
  // when named, only that one (a path that is not there skips the tests, as on a machine without a browser)
  const named = process.env.STEWARD_CHROMIUM;
  const candidates = named ? [named] : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      /* next */
    }
  }
  if (named) return null;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export const chromiumPath = findChromium();
export const browserAvailable = chromiumPath !== null;

/** Said once per file when the browser tests cannot run. */
export function sayWhySkipped(file: string): void {
  if (!browserAvailable) {
    console.warn(`[${file}] SKIPPED: no Chromium found (${process.env.STEWARD_CHROMIUM ? `STEWARD_CHROMIUM=${process.env.STEWARD_CHROMIUM} is not an executable` : 'looked in /usr/bin and on PATH'}). Install it with: apt-get update && apt-get install -y chromium (.ci/run does this when apt is available).`);
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath!, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

export interface Visit {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly status: number | null;
  /** console messages of type error, and uncaught page errors, in order */
  readonly errors: string[];
  close(): Promise<void>;
}

/** Open `url` in a fresh context (no cookies, no cache), recording console errors and page errors. */
export async function visit(browser: Browser, url: string, o: { headers?: Record<string, string>; viewport?: { width: number; height: number } } = {}): Promise<Visit> {
  const context = await browser.newContext({ viewport: o.viewport ?? { width: 1200, height: 900 }, ...(o.headers ? { extraHTTPHeaders: o.headers } : {}) });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  const res = await page.goto(url, { waitUntil: 'load' });
  return { page, context, status: res?.status() ?? null, errors, close: () => context.close() };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: string[];
}

/**
 * axe-core's scan of the page as loaded. The pages forbid every script (CSP default-src 'none'), so
 * axe is evaluated through the DevTools protocol (not a <script> the page's CSP would refuse, which
 * would itself be a console error): the page is scanned exactly as it was served.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  // a string, evaluated in the page: this file is compiled without the DOM's types
  return (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) })))`)) as AxeViolation[];
}

export const serious = (vs: readonly AxeViolation[]) => vs.filter((v) => v.impact === 'serious' || v.impact === 'critical');

export interface ScreenshotCheck {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly colours: number;
  /** share of pixels that are pure white */
  readonly white: number;
}

/** Screenshots kept in docs/ (the README's) when STEWARD_UPDATE_SCREENSHOTS=1; every other one goes to `tmp`. */
export const updateScreenshots = process.env.STEWARD_UPDATE_SCREENSHOTS === '1';

/**
 * A full-page screenshot, decoded: how many distinct colours it has and how much of it is white. A
 * blank page (an unstyled error, a white screen) has a handful of colours; a rendered page hundreds.
 */
export async function screenshot(page: Page, name: string, tmp: string, o: { docs?: string } = {}): Promise<ScreenshotCheck> {
  const file = updateScreenshots && o.docs ? join(root, 'docs', o.docs) : join(tmp, `${name}.png`);
  mkdirSync(join(file, '..'), { recursive: true });
  const bytes = await page.screenshot({ fullPage: true, type: 'png' });
  writeFileSync(file, bytes);
  const png = PNG.sync.read(bytes);
  const colours = new Set<number>();
  let white = 0;
  const px = png.width * png.height;
  for (let i = 0; i < px; i++) {
    const o4 = i * 4;
    const r = png.data[o4]!;
    const g = png.data[o4 + 1]!;
    const b = png.data[o4 + 2]!;
    if (r === 255 && g === 255 && b === 255) white++;
    colours.add((r << 16) | (g << 8) | b);
  }
  return { file, width: png.width, height: png.height, colours: colours.size, white: white / px };
}
