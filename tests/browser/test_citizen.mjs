// The one-stop shop end to end, without JavaScript. A citizen on a cheap
// phone signs in, finds "khai sinh", files a birth registration online
// with a small PDF and sees the dossier's code; anyone tracks it by that
// code; the commune's officer receives it, processes it, attaches the
// result, the leader approves (and so signs) it, the officer returns it;
// tracking then shows the result returned, the citizen the signed result.
import { join } from 'node:path';
import { browser, OUT, pdfDocument, signIn, startServer, Tally, xaso } from './lib.mjs';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const RESULT = pdfDocument('Trich luc khai sinh');

const t = new Tally();
const srv = await startServer((db) => xaso(['demo', '--db', db, '--scale', '0.01']));
const b = await browser();
try {
  const page = await b.newPage({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false,
                                locale: 'vi-VN' });
  const noScroll = async (what) => {
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    t.ok(w <= 360, `${what}: no horizontal scrolling on a 360 px phone (width ${w})`);
  };

  await page.goto(srv.base + '/login');
  await page.fill('input[name=login]', '0912345678');
  await page.fill('input[name=password]', 'motcua-demo-2026');
  await page.click('main button[type=submit]');
  t.ok(page.url().endsWith('/account'), 'signed in as the demo citizen');

  await page.goto(srv.base + '/');
  await page.click('text=Tìm thủ tục, nộp hồ sơ trực tuyến');
  await page.fill('input[name=q]', 'khai sinh');
  await page.click('form.filters button[type=submit]');
  const first = page.locator('ul.cards li a').first();
  t.ok((await first.textContent()) === 'Thủ tục đăng ký khai sinh',
       '"khai sinh" finds Thủ tục đăng ký khai sinh first');
  await noScroll('search results');
  await first.click();
  t.ok(await page.locator('text=Trong ngày').count() === 1, 'processing time in words');
  await page.click('text=Nộp hồ sơ trực tuyến');
  t.ok(page.url().includes('/procedures/1.001193/file'), 'the filing form opens');

  // The province is chosen by its own small form (no script needed).
  await page.selectOption('select[name=province]', '66');
  await page.click('text=Chọn tỉnh');
  await page.selectOption('select[name=unit]', '22015');
  t.ok(await page.inputValue('input[name=name]') === "H'Nga Niê", 'name filled in from the account');
  await page.fill('input[name=pid]', '066190000123');
  await page.fill('input[name=address]', 'Buôn Ko Sier');
  await page.fill('input[name=f_requester_full_name]', "H'Nga Niê");
  await page.fill('input[name=f_requester_pid]', '066190000123');
  await page.fill('input[name=f_requester_relationship]', 'mẹ');
  await page.fill('input[name=f_child_full_name]', 'Y Bình Niê');
  await page.selectOption('select[name=f_child_sex]', 'nam');
  await page.fill('input[name=f_child_birth_date]', '2026-04-20');
  await page.fill('input[name=f_child_birth_place]', 'Trạm y tế xã');
  await page.fill('input[name=f_child_hometown]', 'Đắk Lắk');
  await page.fill('input[name=f_child_ethnicity]', 'Ê Đê');
  await page.fill('input[name=f_child_nationality]', 'Việt Nam');
  await page.setInputFiles('input[name=doc_1]',
                           { name: 'to-khai-khai-sinh.pdf', mimeType: 'application/pdf', buffer: PDF });
  await noScroll('filing form');
  await page.click('form[enctype] button[type=submit]');

  const code = (await page.locator('h1 span.code').textContent()) || '';
  t.ok(/^22015-\d{6}-\d{4}$/.test(code), `the dossier's code is shown (${code})`);
  t.ok(await page.locator('text=Đã nộp hồ sơ').count() === 1, 'filed, says the page');
  t.ok(await page.locator('text=to-khai-khai-sinh.pdf').count() === 1, 'the PDF is attached');
  await noScroll('dossier page');
  await page.screenshot({ path: join(OUT, 'citizen-file.png'), fullPage: false });

  const anon = await b.newPage({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false,
                                locale: 'vi-VN' });
  await anon.goto(srv.base + '/');
  await anon.click('nav.site >> text=Tra cứu');
  await anon.fill('input[name=code]', code);
  await anon.click('main button[type=submit]');
  t.ok(anon.url().endsWith('/track/' + code), 'tracking by code opens its page');
  t.ok(await anon.locator('strong.status').textContent() === 'Mới đăng ký', 'status in words');
  t.ok(await anon.locator("text=H'Nga Niê").count() === 0, 'no personal data when tracking');

  // The commune's officer, on the office PC, takes it from there.
  const office = await (await b.newContext({ viewport: { width: 1100, height: 900 },
                                             javaScriptEnabled: false, locale: 'vi-VN' })).newPage();
  await office.goto(srv.base + '/login');
  await office.fill('input[name=login]', 'officer.22015');
  await office.fill('input[name=password]', 'motcua-demo-2026');
  await office.click('form.stack button[type=submit]');
  await office.goto(srv.base + '/office?status=1');
  t.ok(await office.locator('table.queue', { hasText: code }).count() === 1,
       'the online dossier waits in the officer\'s queue');
  const act = async (name, fill) => {
    await office.goto(`${srv.base}/office/dossiers/${code}/${name}`);
    if (fill) await fill();
    await office.click('main form.stack button[type=submit]');
  };
  await act('receive');
  t.ok(office.url().endsWith(`/dossiers/${code}/receipt`), 'received: straight to the receipt');
  t.ok(await office.locator('div.qr svg').count() === 1, 'the receipt carries the QR code');
  await act('process');
  t.ok(await office.locator('p.status', { hasText: 'Đang xử lý' }).count() === 1, 'processing');
  await act('attach', async () => {
    await office.setInputFiles('input[name=file]',
                               { name: 'trich-luc-khai-sinh.pdf', mimeType: 'application/pdf', buffer: RESULT });
  });
  const lead = await b.newPage({ javaScriptEnabled: false, locale: 'vi-VN' });
  await signIn(lead, srv.base, 'leader.22015');
  await lead.goto(`${srv.base}/office/dossiers/${code}/approve`);
  await lead.click('main form.stack button[type=submit]');
  t.ok(await lead.locator('p.status', { hasText: 'Đã xử lý xong' }).count() === 1,
       'approved and signed: result ready');
  await act('return');
  t.ok(await office.locator('p.status', { hasText: 'Đã trả kết quả' }).count() === 1, 'returned');

  await anon.goto(srv.base + '/track/' + code);
  t.ok(await anon.locator('strong.status').textContent() === 'Đã trả kết quả',
       'tracking by code shows the result returned');
  await page.goto(srv.base + '/my/dossiers/' + code);
  t.ok(await page.locator('text=trich-luc-khai-sinh-da-ky.pdf').count() >= 1,
       'the citizen sees the signed result on their dossier');
  t.ok(await page.locator('section.signed a', { hasText: 'Kiểm tra' }).count() === 1,
       'with the link to check it');
} catch (e) {
  t.ok(false, 'browser run: ' + e.message);
} finally {
  await b.close();
  await srv.stop();
}
t.done();
