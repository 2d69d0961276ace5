// The 766 index of a commune on a phone: its total, six group bars drawn
// as SVG, the breakdown with each row's rule ("not applicable" and rows for
// provinces shown as such), the 12-month trend, without JavaScript; the
// commune's leader also sees the dossiers to fix; the province ranking.
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
  await page.goto(srv.base + '/index766/22015?period=2026');
  t.ok((await page.locator('h1').textContent()).includes('Phường Tuy Hòa'), 'commune page');
  t.ok((await page.locator('nav.crumbs').textContent()).includes('Tỉnh Đắk Lắk'),
       'its province named in the path');
  t.ok(await page.locator('p.idx-total strong').count() === 1, 'the total is shown');
  t.ok(await page.locator('svg.idx-bars rect.idx-fg').count() === 6, 'six group bars');
  t.ok(await page.locator('table.idx tr.idx-g').count() === 6, 'six groups in the table');
  t.ok(await page.locator('#row-2\\.1 details.rule').count() === 1, 'a rule folded under each row');
  // On the phone each number stays on one line (the rules are folded).
  const lines = await page.locator('#row-2\\.1 td.num').evaluateAll((tds) => tds.map((td) => {
    const range = document.createRange();
    range.selectNodeContents(td);
    return new Set([...range.getClientRects()].map((c) => Math.round(c.top))).size;
  }));
  t.ok(lines.length === 5 && lines.every((n) => n === 1), `every number on one line (${lines})`);
  t.ok(/^\d+(,\d)?%$|^—$/.test((await page.locator('#row-2\\.1 td.num').nth(2).textContent()).trim()),
       'the rate written the Vietnamese way (decimal comma)');
  t.ok(await page.locator('text=Chỉ cấp tỉnh').count() >= 1, 'rows for provinces said so');
  t.ok(await page.locator('svg.idx-trend polyline').count() === 1, 'trend by month');
  t.ok(await page.locator('#to-fix').count() === 0, 'no dossier list for the public');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  t.ok(width <= 360, `no horizontal scrolling on a 360 px phone (width ${width})`);
  await page.screenshot({ path: join(OUT, 'index766-commune.png'), fullPage: true });

  await page.goto(srv.base + '/login');
  await page.fill('input[name=login]', 'leader.22015');
  await page.fill('input[name=password]', 'motcua-demo-2026');
  await page.click('button[type=submit]');
  await page.goto(srv.base + '/index766/22015?period=2026');
  t.ok(await page.locator('#to-fix').count() === 1, 'the leader sees the dossiers to fix');
  const links = page.locator('ul.idx-fix a');
  t.ok(await links.count() > 0, 'dossiers to fix are listed');
  await links.first().click();
  t.ok(page.url().includes('/office/dossiers/22015-'), 'a dossier to fix opens its page');

  await page.goto(srv.base + '/index766?parent=66&period=2026&lang=en');
  t.ok(await page.locator('table.idx-rank tbody tr').count() === 102, 'the 102 communes ranked');
  t.ok(await page.locator('text=766 index ranking').count() >= 1, 'in English');
  await page.screenshot({ path: join(OUT, 'index766-ranking.png'), fullPage: false });
} catch (e) {
  t.ok(false, 'browser run: ' + e.message);
} finally {
  await b.close();
  await srv.stop();
}
t.done();
