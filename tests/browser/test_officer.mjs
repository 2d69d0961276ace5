// A one-stop-shop officer's day, without JavaScript: sign in, open the
// queue, receive a counter dossier with a scan, print the receipt (with its
// QR code), process the dossier, attach the result; the leader approves it,
// which signs it; the cover page's QR code, read by zbarimg as a phone's
// camera would, opens the verification page, which tells the file attached
// from the signed one (uploaded or by its SHA-256); the officer returns it.
// needs: zbarimg
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { browser, pdfDocument, signIn, startServer, Tally, OUT, xaso } from './lib.mjs';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de' +
  '0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082', 'hex');
const PDF = pdfDocument('Trich luc khai sinh');

const t = new Tally();
let files;
const srv = await startServer((db, dir) => {
  xaso(['demo', '--db', db, '--scale', '0.01']);
  files = { scan: join(dir, 'giay-chung-sinh.png'), result: join(dir, 'trich-luc.pdf') };
  writeFileSync(files.scan, PNG);
  writeFileSync(files.result, PDF);
});
const b = await browser();
try {
  const page = await b.newPage({ viewport: { width: 1100, height: 900 }, javaScriptEnabled: false,
                                locale: 'vi-VN' });
  await page.goto(srv.base + '/login');
  await page.fill('input[name=login]', 'officer.22015');
  await page.fill('input[name=password]', 'motcua-demo-2026');
  await page.click('form.stack button[type=submit]');
  await page.goto(srv.base + '/office?status=all');
  t.ok(await page.locator('h1', { hasText: 'Hồ sơ một cửa' }).count() === 1, 'queue page');
  t.ok(await page.locator('table.queue tbody tr').count() > 0, 'queue lists dossiers');
  await page.screenshot({ path: join(OUT, 'office-queue.png'), fullPage: false });

  const started = Date.now();
  await page.click('text=Tiếp nhận hồ sơ trực tiếp');
  await page.fill('input[name=q]', 'dang ky khai sinh');
  await page.click('form.search button[type=submit]');
  await page.click('a:text-is("Thủ tục đăng ký khai sinh")');
  await page.fill('input[name=name]', 'Nguyễn Văn An');
  await page.fill('input[name=pid]', '066090001234');
  await page.fill('input[name=phone]', '0912345678');
  await page.fill('input[name=address]', 'Thôn 1, phường Tuy Hòa');
  const fields = {
    'f.requester_full_name': 'Nguyễn Văn An', 'f.requester_pid': '066090001234',
    'f.requester_relationship': 'Cha', 'f.child_full_name': 'Nguyễn Minh Khang',
    'f.child_birth_date': '2026-11-20', 'f.child_birth_place': 'Trạm y tế phường Tuy Hòa',
    'f.child_hometown': 'Đắk Lắk', 'f.child_ethnicity': 'Kinh', 'f.child_nationality': 'Việt Nam',
  };
  for (const [name, value] of Object.entries(fields)) await page.fill(`[name="${name}"]`, value);
  await page.selectOption('select[name="f.child_sex"]', 'nam');
  await page.setInputFiles('input[name=file]', files.scan);
  await page.click('form.stack button[type=submit]');
  const secs = (Date.now() - started) / 1000;
  t.ok(/\/dossiers\/22015-\d{6}-\d{4}\/receipt/.test(page.url()), `receipt after filing (${page.url()})`);
  t.ok(secs < 60, `counter dossier received in ${secs.toFixed(1)} s`);
  console.log(`counter dossier received in ${secs.toFixed(1)} s of browser time`);
  const code = page.url().match(/dossiers\/([^/]+)\/receipt/)[1];
  t.ok(await page.locator('div.qr svg').count() === 1, 'receipt has the QR code as SVG');
  t.ok(await page.locator('text=Độc lập - Tự do - Hạnh phúc').count() === 1, 'national motto');
  t.ok(await page.locator('ol.docs li', { hasText: 'giay-chung-sinh.png' }).count() === 1,
       'receipt lists the scan');
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(OUT, 'receipt.png'), fullPage: true });
  const pdf = await page.pdf({ format: 'A5' });
  t.ok(pdf.length > 1000, `receipt prints to PDF (${pdf.length} bytes)`);
  await page.emulateMedia({ media: 'screen' });

  const act = async (name, fill) => {
    await page.goto(`${srv.base}/office/dossiers/${code}/${name}`);
    if (fill) await fill();
    await page.click('main form.stack button[type=submit]');
  };
  await act('process');
  t.ok(await page.locator('p.status', { hasText: 'Đang xử lý' }).count() === 1, 'processing');
  t.ok(await page.locator(`a[href="/office/dossiers/${code}/result"]`).count() === 0,
       'a signed result is not the officer\'s to mark ready');
  await act('attach', async () => page.setInputFiles('input[name=file]', files.result));
  t.ok(await page.locator('a', { hasText: 'trich-luc.pdf' }).count() === 1, 'result attached');
  t.ok(await page.locator('p.status', { hasText: 'Đang xử lý' }).count() === 1,
       'still processing until the leader approves');

  // The leader approves, which signs it.
  const lead = await b.newPage({ viewport: { width: 1100, height: 900 }, javaScriptEnabled: false,
                                 locale: 'vi-VN', deviceScaleFactor: 3 });
  await signIn(lead, srv.base, 'leader.22015');
  await lead.goto(`${srv.base}/office/dossiers/${code}`);
  await lead.click(`a[href="/office/dossiers/${code}/approve"]`);
  t.ok(await lead.locator('dl.facts dd', { hasText: 'trich-luc.pdf' }).count() === 1 &&
       await lead.locator('dl.facts dd', { hasText: 'Y Khuê Byă' }).count() === 1,
       'the approval shows the file and the leader\'s certificate');
  await lead.screenshot({ path: join(OUT, 'office-approve.png'), fullPage: true });
  await lead.fill('textarea[name=note]', 'Đồng ý');
  await lead.click('main form.stack button[type=submit]');
  t.ok(await lead.locator('p.status', { hasText: 'Đã xử lý xong' }).count() === 1, 'result ready');
  t.ok(await lead.locator('section.signed', { hasText: 'trich-luc-da-ky.pdf' }).count() === 1,
       'the signed result is listed');
  await lead.click('section.signed a:text("Trang bìa để in")');
  t.ok(await lead.locator('pre.record', { hasText: code }).count() === 1,
       'the cover page carries the record');
  const qrPng = join(OUT, 'cover-qr.png');
  await lead.locator('div.qr svg').screenshot({ path: qrPng });
  const paper = await b.newPage({ viewport: { width: 900, height: 900 }, javaScriptEnabled: false });
  await paper.goto(lead.url());
  await paper.emulateMedia({ media: 'print' });
  await paper.screenshot({ path: join(OUT, 'cover.png'), fullPage: false });
  const url = execFileSync('zbarimg', ['--raw', '-q', qrPng], { encoding: 'utf8' }).trim();
  t.ok(url.startsWith(`${srv.base}/verify/`), `the QR code reads ${url}`);

  // Anyone with a phone opens it: not signed in, no JavaScript.
  const phone = await b.newPage({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false,
                                  locale: 'vi-VN' });
  await phone.goto(url);
  t.ok(await phone.locator('p.verdict.valid', { hasText: 'Hợp lệ' }).count() >= 1,
       'the verification page says valid');
  t.ok(await phone.locator('td', { hasText: 'Lãnh đạo phê duyệt' }).count() === 1 &&
       await phone.locator('td', { hasText: 'Con dấu số của đơn vị' }).count() === 1,
       'signed by the leader and the unit\'s seal');
  t.ok(await phone.locator('text=066090001234').count() === 0, 'no ID number in full');
  const w = await phone.evaluate(() => document.documentElement.scrollWidth);
  t.ok(w <= 360, `no horizontal scrolling on a phone (width ${w})`);
  await phone.screenshot({ path: join(OUT, 'verify.png'), fullPage: true });
  await phone.setInputFiles('input[name=file]', files.result);
  await phone.click('form[enctype] button[type=submit]');
  t.ok(await phone.locator('text=Không phải tệp đã được ký').count() === 1,
       'the file as attached is not the signed one');
  // The signed file, as the applicant is handed it, is the one signed:
  // uploaded, or its SHA-256 typed in.
  await lead.goto(`${srv.base}/office/dossiers/${code}`);
  const href = await lead.locator('a', { hasText: 'trich-luc-da-ky.pdf' }).first().getAttribute('href');
  const got = await lead.request.get(srv.base + href);
  const signedPdf = Buffer.from(await got.body());
  t.ok(got.ok() && signedPdf.includes(Buffer.from('/ByteRange')), 'the leader downloads the signed PDF');
  await phone.setInputFiles('input[name=file]',
                            { name: 'ket-qua.pdf', mimeType: 'application/pdf', buffer: signedPdf });
  await phone.click('form[enctype] button[type=submit]');
  t.ok(await phone.locator('text=Đúng là tệp đã được ký').count() === 1,
       'the signed file uploaded: it is the one signed');
  await phone.fill('input[name=sha256]', createHash('sha256').update(signedPdf).digest('hex'));
  await phone.click('form[method=get] button[type=submit]');
  t.ok(await phone.locator('text=Đúng là tệp đã được ký').count() === 1,
       'its SHA-256 typed in: the one signed');

  await act('return');
  t.ok(await page.locator('p.status', { hasText: 'Đã trả kết quả' }).count() === 1, 'returned');
  await page.goto(`${srv.base}/dossiers/${code}/control`);
  t.ok(await page.locator('table.control tbody tr').count() === 4, 'control sheet: four steps');
} catch (e) {
  t.ok(false, 'browser run: ' + e.message);
} finally {
  await b.close();
  await srv.stop();
}
t.done();
