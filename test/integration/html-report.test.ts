// The standalone HTML report in real headless Chromium: summary, regressions first, filter, sort, charts, offline.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/compare/reporters/html/index.js';
import type { ComparisonReport, Summary } from '../../src/compare/types.js';
import { externalRequests, launchChromium, newLoggedPage } from '../support/chromium.js';
import type { PageLog } from '../support/chromium.js';
import { makeReport } from '../support/report-fixture.js';

let browser: Browser;
let dir: string;
const report: ComparisonReport = makeReport({ builds: 4, checks: 400, seed: 7, shiftRate: 0.08 });
const dst = report.builds.at(-1)!;

function write(name: string, html: string): string {
  const file = join(dir, name);
  writeFileSync(file, html);
  return file;
}

async function open(file: string): Promise<{ page: Page; log: PageLog; url: string }> {
  const { page, log } = await newLoggedPage(browser);
  const url = pathToFileURL(file).href;
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as unknown as { __rendered?: boolean }).__rendered === true, null, { timeout: 10_000 });
  return { page, log, url };
}

function expectClean(log: PageLog, url: string): void {
  expect(log.consoleErrors).toEqual([]);
  expect(log.pageErrors).toEqual([]);
  expect(log.dialogs).toEqual([]);
  expect(externalRequests(log, url)).toEqual([]);
  expect(log.requests).toEqual([url]);
}

/** Verdict of every check row shown in the table, top to bottom. */
function rowVerdicts(page: Page): Promise<string[]> {
  return page.$$eval('#checks-table tr.check-row', (rows) => rows.map((r) => r.getAttribute('data-verdict') ?? ''));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'perfgate-html-'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('HTML report in headless Chromium', () => {
  it('with charts: summary matches the report, regressions first, canvases drawn, offline, no console errors', async () => {
    const html = renderHtml(report, { withCharts: true, smallFile: false });
    expect(html).toContain('var uPlot=');
    const file = write('charts.html', html);
    const { page, log, url } = await open(file);

    // Summary cards carry the report's own numbers.
    const cards = await page.$$eval('#summary .card', (cs) => cs.map((c) => [c.getAttribute('data-count'), c.querySelector('b')?.textContent]));
    expect(cards.length).toBe(10);
    for (const [key, text] of cards) expect(Number(text)).toBe(report.summary[key as keyof Summary]);
    expect(await page.textContent('#verdict')).toContain('exit code 2');

    // The static regressions list holds exactly the destination's regressions, primary ones first.
    const regs = dst.results.filter((r) => r.verdict === 'regression');
    expect(regs.length).toBeGreaterThan(2);
    const listed = await page.$$eval('#regressions tbody tr td.id', (tds) => tds.map((t) => (t.firstChild?.textContent ?? '').trim()));
    expect([...listed].sort()).toEqual(regs.map((r) => r.id).sort());
    const firstListed = dst.results.find((r) => r.id === (listed[0] ?? ''));
    expect(firstListed?.primary).toBe(true);

    // Flat table: the default order puts every regression before anything else, then errors.
    await page.click('#f-group');
    const verdicts = await rowVerdicts(page);
    expect(verdicts.length).toBe(dst.results.length);
    expect(await page.isHidden('#rows-more')).toBe(true); // every row is drawn, nothing more to show
    const firstOther = verdicts.findIndex((v) => v !== 'regression');
    expect(firstOther).toBe(regs.length);
    expect(verdicts.slice(firstOther).includes('regression')).toBe(false);
    expect(verdicts[firstOther]).toBe('error');

    // Charts: one per primary mean check, the first ones drawn on a non-blank canvas.
    const cardsCount = await page.locator('#charts .chart-card').count();
    const primaryMean = dst.results.filter((r) => r.primary && !r.grouped && r.kind === 'mean').length;
    expect(cardsCount).toBe(Math.min(60, primaryMean));
    // Charts are drawn when scrolled into view.
    expect(await page.locator('#charts .chart-card').last().locator('canvas').count()).toBe(0);
    await page.locator('#charts').scrollIntoViewIfNeeded();
    await page.locator('#charts canvas').first().waitFor();
    const inked = await page.$eval('#charts canvas', (c) => {
      type Canvas = { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } };
      const canvas = c as unknown as Canvas;
      const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if ((px[i] ?? 0) > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(500);
    // The first chart belongs to a regression (charts follow the severity order too).
    expect(await page.locator('#charts .chart-card .badge').first().textContent()).toBe('regression');

    // A check's detail row shows every build's value and its own chart.
    await page.click('#checks-table tr.check-row');
    const detail = page.locator('#checks-table tr.detail-row').first();
    await detail.locator('canvas').first().waitFor();
    const first = regs.find((r) => r.primary && r.kind === 'mean')!;
    expect(await detail.locator('table.values td').count()).toBe(report.builds.length);
    expect(await detail.textContent()).toContain(first.details);

    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    const shot = join(process.env.PERFGATE_ARTIFACTS ?? dir, 'html-report-charts.png');
    await page.screenshot({ path: shot, fullPage: false });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    expectClean(log, url);
    await page.context().close();
  });

  it('without charts: no chart library or canvas; sorting and filtering by click work', async () => {
    const html = renderHtml(report, { withCharts: false, smallFile: false });
    expect(html).not.toContain('.uplot'); // neither uPlot's stylesheet nor its bundle
    expect(html).not.toContain('var uPlot=');
    const { page, log, url } = await open(write('plain.html', html));
    expect(await page.locator('canvas').count()).toBe(0);
    expect(await page.locator('#charts').count()).toBe(0);
    expect(await page.evaluate(() => typeof (globalThis as unknown as { uPlot?: unknown }).uPlot)).toBe('undefined');

    await page.click('#f-group'); // flat list, so the sort is global
    const changes = () =>
      page.$$eval('#checks-table tr.check-row', (rows) => rows.map((r) => r.querySelectorAll('td')[5]?.textContent ?? ''));
    const numeric = (xs: string[]) => xs.filter((x) => x !== '–').map((x) => Number.parseFloat(x));
    await page.click('#checks-table th[data-col="change"]');
    const asc = numeric(await changes());
    expect(asc.length).toBe(dst.results.filter((r) => r.change !== undefined).length);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    expect(await page.getAttribute('#checks-table th[data-col="change"]', 'aria-sort')).toBe('ascending');
    await page.click('#checks-table th[data-col="change"]');
    const desc = numeric(await changes());
    expect(desc).toEqual([...asc].sort((a, b) => b - a));
    expect(desc[0]).toBeGreaterThan(desc.at(-1)!);

    // Verdict filter: only improvements remain, as many as the destination has.
    await page.selectOption('#f-verdict', 'improvement');
    const imp = await rowVerdicts(page);
    expect(imp.length).toBe(dst.results.filter((r) => r.verdict === 'improvement').length);
    expect(new Set(imp)).toEqual(new Set(['improvement']));

    // Text filter on a profile name, combined with "primary only".
    await page.selectOption('#f-verdict', 'all');
    await page.fill('#f-text', 'tunedlibvirt');
    await page.check('#f-primary');
    const expected = dst.results.filter((r) => r.primary && (r.id.toLowerCase().includes('tunedlibvirt') || r.details.toLowerCase().includes('tunedlibvirt')));
    expect(expected.length).toBeGreaterThan(0);
    const ids = await page.$$eval('#checks-table tr.check-row td.id', (tds) => tds.map((t) => t.firstChild?.textContent ?? ''));
    expect(ids.sort()).toEqual(expected.map((r) => r.id).sort());
    expect(await page.getAttribute('#f-count', 'data-matched')).toBe(String(expected.length));

    // Grouping back on: one collapsible group per profile/test; clicking a header hides its rows.
    await page.fill('#f-text', '');
    await page.uncheck('#f-primary');
    await page.check('#f-group');
    const groups = new Set(dst.results.map((r) => `${r.profile}/${r.test}`));
    expect(await page.locator('#checks-table tr.group-row').count()).toBe(groups.size);
    const firstGroup = page.locator('#checks-table tbody.group').first();
    const before = await firstGroup.locator('tr.check-row').count();
    expect(before).toBeGreaterThan(0);
    await firstGroup.locator('tr.group-row').click();
    expect(await page.locator('#checks-table tbody.group').first().locator('tr.check-row').count()).toBe(0);
    expect(await page.getAttribute('#checks-table tbody.group >> nth=0 >> tr.group-row', 'aria-expanded')).toBe('false');
    // a filter typed afterwards opens every block that matches, the folded one too
    const folded = await page.getAttribute('#checks-table tbody.group >> nth=0', 'data-group');
    const [profile] = (folded ?? '').split('/');
    await page.fill('#f-text', (profile ?? '').toLowerCase());
    const reopened = page.locator(`#checks-table tbody.group[data-group="${folded}"]`);
    expect(await reopened.locator('tr.group-row').getAttribute('aria-expanded')).toBe('true');
    expect(await reopened.locator('tr.check-row').count()).toBeGreaterThan(0);
    await page.fill('#f-text', '');
    expectClean(log, url);
    await page.context().close();
  });

  it('large report: rows are drawn 500 at a time, the button adds more', async () => {
    const big = makeReport({ builds: 3, checks: 1200, seed: 5 });
    const n = big.builds.at(-1)!.results.length;
    expect(n).toBeGreaterThan(1000);
    const { page, log, url } = await open(write('big.html', renderHtml(big, { withCharts: false, smallFile: false })));
    await page.click('#f-group');
    expect(await page.locator('#checks-table tr.check-row').count()).toBe(500);
    expect(await page.textContent('#f-count')).toContain(`${n} of ${n} checks match, 500 rows shown`);
    await page.click('#rows-more');
    await page.click('#rows-more');
    expect(await page.locator('#checks-table tr.check-row').count()).toBe(n);
    expect(await page.isHidden('#rows-more')).toBe(true);
    expectClean(log, url);
    await page.context().close();
  });

  it('small file: primary rows only, no charts, no full metadata, smaller', async () => {
    const full = renderHtml(report, { withCharts: true, smallFile: false });
    const small = renderHtml(report, { withCharts: true, smallFile: true });
    expect(small.length).toBeLessThan(full.length / 2);
    const { page, log, url } = await open(write('small.html', small));
    const shown = await page.locator('#checks-table tr.check-row').count();
    await page.click('#f-group');
    expect(await page.locator('#checks-table tr.check-row').count()).toBe(dst.results.filter((r) => r.primary).length);
    expect(shown).toBeGreaterThan(0);
    expect(await page.locator('#checks-table .tag:text-is("non-primary")').count()).toBe(0);
    expect(await page.locator('canvas').count()).toBe(0);
    expect(await page.locator('details.full-meta').count()).toBe(0);
    expect(await page.locator('#metadata-diff').count()).toBe(1);
    expectClean(log, url);
    await page.context().close();
  });
});
