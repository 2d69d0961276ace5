// A province official looks at the demo province on a phone without
// JavaScript: coloured tiles and the table of communes, sorting by a
// column, the Excel download; then a commune's indicator cards, criteria
// and sparklines. Screenshots go to OUT.
import { join } from 'node:path';
import { browser, startServer, Tally, OUT, xaso } from './lib.mjs';

const t = new Tally();
const srv = await startServer((db) => {
  xaso(['demo', '--db', db, '--scale', '0.01']);
});
const b = await browser();
try {
  const page = await b.newPage({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false,
                                locale: 'vi-VN' });
  // The last month that has ended: a month of the demo's dossiers.
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  const month = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  const resp = await page.goto(srv.base + '/units/66?period=' + month);
  const html = await resp.text();
  t.ok(html.length < 100000, `the province page is under 100 KB (${html.length} bytes)`);
  const tiles = await page.locator('ul.tiles li').count();
  t.ok(tiles === 102, `a tile per commune and ward (got ${tiles})`);
  const rows = await page.locator('table.mon tbody tr').count();
  t.ok(rows === 102, `a row per commune and ward (got ${rows})`);
  const coloured = await page.locator('ul.tiles li.c-green, ul.tiles li.c-yellow, ul.tiles li.c-red').count();
  t.ok(coloured === 102, `every tile has a colour (got ${coloured})`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  t.ok(width <= 360, `no horizontal scrolling of the page on a 360 px phone (width ${width})`);
  await page.screenshot({ path: join(OUT, 'monitoring-province.png'), fullPage: false });

  // Sorting is a link: the best online rate first.
  await page.click('table.mon thead a[href*="sort=online_rate"]');
  t.ok(page.url().includes('sort=online_rate') && page.url().includes(month),
       'sorting by a column is a link that keeps the period');
  const values = await page.locator('table.mon tbody tr td:nth-child(4)').allTextContents();
  const nums = values.map((v) => parseFloat(v.replace('%', '').replace(',', '.'))).filter((v) => !isNaN(v));
  t.ok(nums.length > 50 && nums.every((v, i) => i === 0 || nums[i - 1] >= v),
       'rows sorted by the online rate, highest first');

  const xlsx = await page.request.get(srv.base + '/units/66?format=xlsx');
  t.ok(xlsx.ok() && (await xlsx.body()).subarray(0, 2).toString() === 'PK',
       'the table downloads as an Excel workbook');

  // A commune: cards with sparklines, criteria, tasks.
  await page.click('ul.tiles a >> nth=0');
  t.ok(/\/units\/\d{5}$/.test(page.url()), 'a tile opens its commune');
  const cards = await page.locator('article.card').count();
  t.ok(cards >= 19, `an indicator card for each indicator (got ${cards})`);
  t.ok(await page.locator('article.card svg.spark').count() === cards, 'each card has a sparkline');
  t.ok(await page.locator('ul.checklist li').count() >= 3, 'the criteria checklist');
  const w2 = await page.evaluate(() => document.documentElement.scrollWidth);
  t.ok(w2 <= 360, `the commune page fits a 360 px phone (width ${w2})`);
  await page.screenshot({ path: join(OUT, 'monitoring-commune.png'), fullPage: false });

  await page.goto(srv.base + '/indicators/eid_rate?parent=66');
  t.ok(await page.locator('table.mon tbody tr').count() === 102, 'every commune ranked on e-ID');
  t.ok(await page.locator('svg.bar').count() === 102, 'a bar for each commune');
} catch (e) {
  t.ok(false, 'browser run: ' + e.message);
} finally {
  await b.close();
  await srv.stop();
}
t.done();
