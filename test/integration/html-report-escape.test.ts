// Injection payloads in ids, names, metadata, details and warnings stay text: no dialog, no injected element.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/compare/reporters/html/index.js';
import { externalRequests, launchChromium, newLoggedPage } from '../support/chromium.js';
import { HOSTILE, makeReport } from '../support/report-fixture.js';

let browser: Browser;
let dir: string;
const report = makeReport({ builds: 3, checks: 80, hostile: true, seed: 3, shiftRate: 0.3 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'perfgate-html-xss-'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The data block as embedded, between its tags. */
function dataBlock(html: string): string {
  const start = html.indexOf('<script type="application/json" id="perfgate-data">');
  const end = html.indexOf('</script>', start);
  expect(start).toBeGreaterThan(0);
  return html.slice(html.indexOf('>', start) + 1, end);
}

describe('HTML report escaping', () => {
  it('the fixture really carries the payloads', () => {
    const dst = report.builds.at(-1)!;
    expect(dst.results.some((r) => r.id.includes(HOSTILE.script))).toBe(true);
    expect(dst.results.some((r) => r.id.includes(HOSTILE.close))).toBe(true);
    expect(dst.results.some((r) => r.test === HOSTILE.img)).toBe(true);
    expect(dst.results.some((r) => r.details.includes(HOSTILE.comment) && r.details.includes(HOSTILE.separator))).toBe(true);
    expect(Object.keys(dst.metadata)).toContain(HOSTILE.script);
  });

  it('the JSON data block has no </script, <!-- or raw U+2028/9 and parses back to the same strings', () => {
    const html = renderHtml(report, { withCharts: true, smallFile: false });
    const block = dataBlock(html);
    expect(block).not.toMatch(/<\/script|<!--|[<>\u2028\u2029]/i);
    const data = JSON.parse(block) as { rows: unknown[][]; fields: string[] };
    const details = data.fields.indexOf('details');
    const ids = data.rows.map((r) => String(r[0]));
    expect(ids.some((id) => id.includes(HOSTILE.close))).toBe(true);
    expect(data.rows.some((r) => String(r[details]).includes(HOSTILE.separator))).toBe(true);
    // Exactly our own script elements, however many payloads the report holds.
    expect(html.match(/<script\b/gi)?.length).toBe(3);
    // The metadata url `javascript:alert(5)` never becomes a link.
    expect(html).not.toMatch(/href="javascript:/i);
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`in Chromium (JavaScript ${javaScriptEnabled ? 'on' : 'off'}): no dialog, no injected element, payloads shown literally`, async () => {
      const file = join(dir, `xss-${javaScriptEnabled}.html`);
      writeFileSync(file, renderHtml(report, { withCharts: true, smallFile: false }));
      const url = pathToFileURL(file).href;
      const { page, log } = await newLoggedPage(browser, { javaScriptEnabled });
      await page.goto(url);
      if (javaScriptEnabled) {
        await page.waitForFunction(() => (globalThis as unknown as { __rendered?: boolean }).__rendered === true);
        // Open every check's detail row (params and details carry payloads too) and a few charts.
        await page.click('#f-group');
        await page.$$eval('#checks-table tr.check-row', (rows) => rows.forEach((r) => (r as unknown as { click(): void }).click()));
        expect(await page.locator('#checks-table tr.detail-row').count()).toBe(report.builds.at(-1)!.results.length);
        await page.fill('#f-text', HOSTILE.img);
        expect(Number(await page.getAttribute('#f-count', 'data-matched'))).toBeGreaterThan(0);
      } else {
        expect(await page.locator('noscript').count()).toBe(1);
        expect(await page.locator('#checks-table').count()).toBe(0);
        // The no-JS fallback still has the whole summary, the regression and error lists and the metadata diff.
        expect(await page.locator('#summary .card').count()).toBe(10);
        expect(Number(await page.textContent('#summary [data-count="regressions"] b'))).toBe(report.summary.regressions);
        const regs = report.builds.at(-1)!.results.filter((r) => r.verdict === 'regression').length;
        expect(regs).toBeGreaterThan(0);
        expect(await page.locator('#regressions tbody tr').count()).toBe(regs);
        expect(await page.locator('#errors tbody tr').count()).toBeGreaterThan(0);
        expect(await page.locator('#metadata-diff').count()).toBe(1);
      }
      // Open every <details> so the metadata payloads are rendered too.
      await page.$$eval('details', (ds) => ds.forEach((d) => d.setAttribute('open', '')));
      await page.waitForTimeout(200);
      expect(log.dialogs).toEqual([]);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('[onerror]').count()).toBe(0);
      expect(await page.locator('script').count()).toBe(3);
      const text = (await page.textContent('body')) ?? '';
      expect(text).toContain(HOSTILE.script);
      expect(text).toContain(HOSTILE.img);
      expect(text).toContain(HOSTILE.close);
      expect(text).toContain(HOSTILE.comment);
      expect(await page.title()).toContain(HOSTILE.close);
      if (javaScriptEnabled) {
        // control characters are shown as \xNN in the table, as the console and the xUnit show them
        expect(text).toContain('ctl\\x01\\x1b[2J');
        expect(text).not.toContain('ctl\u0001');
        // and the filter finds it as shown
        await page.fill('#f-text', 'ctl\\x01');
        expect(Number(await page.getAttribute('#f-count', 'data-matched'))).toBeGreaterThan(0);
        await page.fill('#f-text', '');
      }
      expect(log.pageErrors).toEqual([]);
      expect(log.consoleErrors).toEqual([]);
      expect(externalRequests(log, url)).toEqual([]);
      await page.context().close();
    });
  }
});
