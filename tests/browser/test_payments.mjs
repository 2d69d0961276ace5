// A fee paid cashless, end to end, without JavaScript. A citizen on a cheap
// phone files "Gia hạn tạm trú" (10.000 đồng) online and sees the VietQR
// code to pay it, with the code as text; the commune's officer receives
// the dossier and asks for the fee; the citizen's transfer comes back on
// the commune's bank statement, which the officer reads on the
// reconciliation page: the dossier is paid and goes on; the citizen prints
// the fee receipt with the amount in words.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { browser, OUT, startServer, Tally, xaso } from './lib.mjs';

const t = new Tally();
let dir;
const srv = await startServer((db, d) => { dir = d; xaso(['demo', '--db', db, '--scale', '0.01']); });
const b = await browser();
try {
  const phone = await b.newPage({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false,
                                 locale: 'vi-VN' });
  const noScroll = async (what) => {
    const w = await phone.evaluate(() => document.documentElement.scrollWidth);
    t.ok(w <= 360, `${what}: no horizontal scrolling on a 360 px phone (width ${w})`);
  };
  await phone.goto(srv.base + '/login');
  await phone.fill('input[name=login]', '0912345678');
  await phone.fill('input[name=password]', 'motcua-demo-2026');
  await phone.click('main button[type=submit]');
  await phone.goto(srv.base + '/procedures/1.002755');
  t.ok(await phone.locator('text=10.000').count() > 0, 'the procedure shows its fee');
  await phone.click('text=Nộp hồ sơ trực tuyến');
  await phone.selectOption('select[name=province]', '66');
  await phone.click('text=Chọn tỉnh');
  await phone.selectOption('select[name=unit]', '22015');
  await phone.fill('input[name=pid]', '066190000123');
  await phone.fill('input[name=address]', 'Buôn Ko Sier');
  await phone.click('main form button[type=submit]:has-text("Nộp hồ sơ")');
  const code = (phone.url().match(/\/my\/dossiers\/([0-9-]+)/) || [])[1];
  t.ok(!!code, `filed online: ${phone.url()}`);

  // The code to pay, at once, and its payload as text for banking apps.
  t.ok(await phone.locator('section.fee .qr-code svg').count() === 1, 'the citizen sees the VietQR');
  const payload = (await phone.locator('section.fee code.payload').textContent()) || '';
  t.ok(/^000201010212/.test(payload) && payload.includes(code.replaceAll('-', ' ')),
       'the payload: a dynamic code with the dossier code as description');
  const decoded = xaso(['vietqr', 'decode', payload]);
  t.ok(decoded.includes('10000 (10.000 đồng)') && decoded.includes('(correct)'),
       'its amount and CRC read back by xaso vietqr decode');
  await noScroll('the fee section');
  await phone.screenshot({ path: join(OUT, 'citizen-fee.png'), fullPage: true });

  // The officer receives it, starts it and asks for the fee.
  const office = await b.newPage({ viewport: { width: 1100, height: 900 }, javaScriptEnabled: false,
                                  locale: 'vi-VN' });
  await office.goto(srv.base + '/login');
  await office.fill('input[name=login]', 'officer.22015');
  await office.fill('input[name=password]', 'motcua-demo-2026');
  await office.click('form.stack button[type=submit]');
  for (const act of ['receive', 'process', 'fee']) {
    await office.goto(`${srv.base}/office/dossiers/${code}/${act}`);
    await office.click('main form.stack button[type=submit]');
  }
  t.ok(await office.locator('p.status', { hasText: 'Yêu cầu thực hiện nghĩa vụ tài chính' }).count()
       === 1, 'the fee is asked for');

  // The statement of the commune's account, as the bank exports it: the
  // bank put its own words around the description and dropped the dashes.
  const csv = join(dir, 'sao-ke-vietcombank.csv');
  writeFileSync(csv, 'SAO KÊ TÀI KHOẢN,,,\nSố tài khoản: 5222015000001,,,\n' +
                     'Ngày GD,Số tiền ghi có/ Credit,Nội dung chi tiết,Số tham chiếu\n' +
                     `03/12/2026,"10,000",MBVCB.4411.${code.replaceAll('-', '')}.CT tu 0071000 H NGA NIE,FT26337\n`);
  await office.goto(srv.base + '/office/payments');
  await office.setInputFiles('input[name=statement]', csv);
  await office.click('main form.stack button[type=submit]');
  t.ok(/\/office\/payments\/statements\/\d+/.test(office.url()), 'the statement is read');
  t.ok(await office.locator('td', { hasText: 'Khớp' }).count() === 1, 'its credit matches the dossier');
  await office.screenshot({ path: join(OUT, 'office-statement.png'), fullPage: true });
  await office.goto(`${srv.base}/office/dossiers/${code}`);
  t.ok(await office.locator('p.status', { hasText: 'Đang xử lý' }).count() === 1,
       'paid: the dossier went on to processing');

  // The citizen sees it paid and prints the receipt.
  await phone.goto(`${srv.base}/my/dossiers/${code}`);
  t.ok(await phone.locator('section.fee', { hasText: 'Đã nộp đủ (chuyển khoản)' }).count() === 1,
       'the citizen sees the fee paid');
  await phone.click('section.fee table.payments a');
  t.ok(phone.url().includes('/fee-receipts/'), 'the receipt opens');
  t.ok(await phone.locator('h1.paper-title', { hasText: 'Biên lai thu phí, lệ phí' }).count() === 1,
       'a fee receipt');
  t.ok(await phone.locator('text=Mười nghìn đồng').count() === 1, 'the amount in words');
  t.ok(await phone.locator('text=10.000 đồng').count() === 1, 'the amount in figures');
  await phone.emulateMedia({ media: 'print' });
  await phone.screenshot({ path: join(OUT, 'fee-receipt.png'), fullPage: true });
  const pdf = await phone.pdf({ format: 'A5' });
  t.ok(pdf.length > 1000, `the receipt prints to PDF (${pdf.length} bytes)`);
} catch (e) {
  t.ok(false, 'browser run: ' + e.message);
} finally {
  await b.close();
  await srv.stop();
}
t.done();
