// A person finds their commune: home page, search without diacritics,
// province page, commune page, language switch; on a phone-sized screen.
import { join } from 'node:path';
import { browser, startServer, Tally, OUT, xaso } from './lib.mjs';
import { writeFileSync } from 'node:fs';

const t = new Tally();
const srv = await startServer((db, dir) => {
  const f = join(dir, 'v.csv');
  writeFileSync(f, 'code,name,type,parent_code\n24121001,Buôn Ko Sier,Buôn,24121\n');
  xaso(['import', 'villages', f, '--db', db]);
});
const b = await browser();
try {
  const page = await b.newPage({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false,
                                locale: 'vi-VN' });
  await page.goto(srv.base + '/');
  t.ok((await page.title()).includes('xaso'), 'home page has a title');
  t.ok(await page.locator('html[lang="vi"]').count() === 1, 'Vietnamese by default');
  await page.fill('input[name=q]', 'dak lak');
  await page.click('button[type=submit]');
  await page.click('text=Tỉnh Đắk Lắk');
  t.ok(page.url().endsWith('/units/66'), 'search result opens the province');
  const rows = await page.locator('tbody tr').count();
  t.ok(rows === 102, `province page lists 102 communes and wards (got ${rows})`);
  await page.screenshot({ path: join(OUT, 'province.png'), fullPage: false });
  await page.goto(srv.base + '/units/24121');
  t.ok(await page.locator('text=Buôn Ko Sier').count() === 1, 'commune page lists its village');
  await page.click('a.lang');
  t.ok(await page.locator('html[lang="en"]').count() === 1, 'language switch to English');
  t.ok(await page.locator('text=Villages and residential groups').count() === 1, 'English text');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  t.ok(width <= 360, `no horizontal scrolling on a 360 px phone (width ${width})`);
  const en = await b.newPage({ locale: 'en-US' });
  await en.goto(srv.base + '/');
  t.ok(await en.locator('html[lang="en"]').count() === 1, 'English for an English browser');
} catch (e) {
  t.ok(false, 'browser run: ' + e.message);
} finally {
  await b.close();
  await srv.stop();
}
t.done();
