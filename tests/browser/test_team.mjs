// A community digital team member logs help on a phone over a weak link:
// signs in, the link drops (the browser goes offline), two entries are
// made and kept on the phone, the link comes back and both are sent and
// counted once each, even when one is sent again. Without JavaScript the
// form still works, and a form sent twice counts once.
import { join } from 'node:path';
import { browser, startServer, Tally, OUT, xaso } from './lib.mjs';

const t = new Tally();
const srv = await startServer((db) => { xaso(['demo', '--db', db, '--scale', '0.01']); });
const b = await browser();

// The team's activities with this note, read through the API.
async function logged(page, note) {
  return page.evaluate(async (n) => {
    const r = await fetch('/api/v1/activities?unit=22015001&limit=1000');
    const j = await r.json();
    return j.activities.filter((a) => a.note === n);
  }, note);
}

async function signIn(page) {
  await page.goto(srv.base + '/login');
  await page.fill('input[name=login]', 'team.22015001');
  await page.fill('input[name=password]', 'motcua-demo-2026');
  await page.click('form.stack button[type=submit]');
  await page.goto(srv.base + '/team');
}

try {
  const ctx = await b.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
  const page = await ctx.newPage();
  await signIn(page);
  t.ok(await page.locator('h1', { hasText: 'Nhật ký tổ công nghệ số' }).count() === 1,
       'the team page opens');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  t.ok(width <= 360, `fits a 360 px phone (width ${width})`);
  await page.screenshot({ path: join(OUT, 'team.png'), fullPage: false });

  // The link drops: entries stay on the phone.
  const started = Date.now();
  await ctx.setOffline(true);
  await page.check('input[value=online_filing]');
  await page.fill('input[name="f.people"]', '3');
  await page.fill('input[name="f.note"]', 'ngoại tuyến 1');
  await page.click('button.big');
  const seconds = (Date.now() - started) / 1000;
  t.ok(seconds < 30, `an entry takes under 30 s (${seconds.toFixed(1)} s)`);
  await page.check('input[value=training]');
  await page.fill('input[name="f.attendance"]', '25');
  await page.fill('input[name="f.note"]', 'ngoại tuyến 2');
  await page.click('button.big');
  await page.waitForTimeout(500);
  const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('xaso.activities.pending') || '[]'));
  t.ok(kept.length === 2, `both entries kept on the phone while offline (${kept.length})`);
  t.ok(await page.locator('#pending').isVisible(), 'the page says entries are waiting');
  t.ok((await page.locator('#pending').textContent()).includes('2'), 'two are waiting');

  // The link is back: sent, each once.
  await ctx.setOffline(false);
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('xaso.activities.pending') || '[]').length === 0,
                             null, { timeout: 30000 });
  t.ok(await page.locator('#pending').isHidden(), 'nothing waits once the link is back');
  const one = await logged(page, 'ngoại tuyến 1'), two = await logged(page, 'ngoại tuyến 2');
  t.ok(one.length === 1 && one[0].kind === 'online_filing' && one[0].people === 3,
       `the first entry counted once (${JSON.stringify(one)})`);
  t.ok(two.length === 1 && two[0].kind === 'training' && two[0].attendance === 25,
       `the training counted once with its attendance (${JSON.stringify(two)})`);

  // A resend (say the answer was lost) is recognised, not counted again.
  const again = await page.evaluate(async (entry) => {
    const csrf = document.querySelector('input[name=csrf]').value;
    const r = await fetch('/api/v1/activities', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(entry),
    });
    return { status: r.status, body: await r.json() };
  }, kept[0]);
  t.ok(again.status === 200 && again.body.duplicate === true, `a resend is recognised (${again.status})`);
  t.ok((await logged(page, 'ngoại tuyến 1')).length === 1, 'and still counted once');

  // Without JavaScript: the plain form, sent twice, counts once.
  const plain = await b.newContext({ javaScriptEnabled: false, locale: 'vi-VN' });
  const p2 = await plain.newPage();
  await signIn(p2);
  await p2.check('input[value=cashless_account]');
  await p2.fill('input[name="f.note"]', 'không JavaScript');
  const form = {
    csrf: await p2.locator('#activity-form input[name=csrf]').inputValue(),
    'f.id': await p2.locator('input[name="f.id"]').inputValue(),
    'f.kind': 'cashless_account', 'f.people': '1',
    'f.day': await p2.locator('input[name="f.day"]').inputValue(), 'f.note': 'không JavaScript',
  };
  await p2.click('button.big');
  t.ok(p2.url().endsWith('/team?ok=1') && await p2.locator('text=Đã ghi nhận.').count() === 1,
       'the plain form logs the entry');
  const resent = await plain.request.post(srv.base + '/team', { form, maxRedirects: 0 });
  t.ok(resent.status() === 303, `the same form sent again is answered (${resent.status()})`);
  const plainLogged = await logged(page, 'không JavaScript');
  t.ok(plainLogged.length === 1, `a form sent twice counts once (${plainLogged.length})`);
} catch (e) {
  t.ok(false, 'browser run: ' + e.message);
} finally {
  await b.close();
  await srv.stop();
}
t.done();
