// Shared pieces of the browser tests: the real xaso binary on a free port
// with a fresh database, Debian's chromium through playwright-core, and a
// tally that prints "N passed, N failed".
// needs: chromium node
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const XASO = process.env.XASO_BIN || 'xaso';
// Screenshots go to the build directory; `make screenshots` sets
// XASO_DOCS_IMG to refresh the guides' pictures in docs/img.
export const OUT = process.env.XASO_DOCS_IMG || process.env.XASO_SHOTS || tmpdir();
mkdirSync(OUT, { recursive: true });

// On PostgreSQL (XASO_TEST_PG names the test server's state file, written by
// tests/integration/pgcluster.py) each server gets a fresh database, which
// xaso init creates, and its attachments a directory of their own.
const PGCLUSTER = join(dirname(fileURLToPath(import.meta.url)), '..', 'integration', 'pgcluster.py');

// The signing keys' key file: xaso's default for PostgreSQL is ./xaso.key,
// shared by every test running in the same directory; this test's own.
if (process.env.XASO_TEST_PG && !process.env.XASO_KEY_FILE) {
  process.env.XASO_KEY_FILE = join(mkdtempSync(join(tmpdir(), 'xaso-br-key-')), 'xaso.key');
}

// Each PostgreSQL database's attachments directory, for the commands run on
// it (XASO_DATA) as for its server (--data).
const dataOf = new Map();

function freshDb(dir) {
  if (!process.env.XASO_TEST_PG) return { db: join(dir, 't.db'), data: [] };
  const { port } = JSON.parse(readFileSync(process.env.XASO_TEST_PG, 'utf8'));
  const name = 'b_' + randomBytes(8).toString('hex');
  const db = `postgres://postgres@127.0.0.1:${port}/${name}`;
  dataOf.set(db, join(dir, 'files'));
  return { db, data: ['--data', join(dir, 'files')] };
}

// A demo on the PostgreSQL test server is made once and copied
// (tests/integration/pgcluster.py demo_copy).
export function xaso(args, input) {
  const i = args.indexOf('--db');
  const env = { ...process.env };
  if (i >= 0 && dataOf.has(args[i + 1]) && !args.includes('--data') && !env.XASO_DATA) {
    env.XASO_DATA = dataOf.get(args[i + 1]);
  }
  if (process.env.XASO_TEST_PG && args[0] === 'demo' && !args.includes('--logins') && input === undefined) {
    const rest = args.slice(1).filter((_, k) => k !== i - 1 && k !== i);
    return execFileSync('python3', [PGCLUSTER, 'demo', process.env.XASO_KEY_FILE, args[i + 1], ...rest],
                        { encoding: 'utf8', env: { ...env, XASO_BIN: XASO } });
  }
  return execFileSync(XASO, args, { input, encoding: 'utf8', env });
}

// The port the server chose itself (--listen 127.0.0.1:0), from the line it
// prints once it listens: a port picked here and passed to it could be
// taken by another program in between, which would then answer /healthz.
function listeningPort(proc) {
  return new Promise((resolve, reject) => {
    let out = '';
    const seen = (chunk) => {
      out += chunk;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) { proc.stdout.off('data', seen); proc.stdout.resume(); resolve(Number(m[1])); }
    };
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', seen);
    proc.on('exit', (code) => reject(new Error(`xaso serve exited ${code} before listening`)));
  });
}

export async function startServer(prepare) {
  const dir = mkdtempSync(join(tmpdir(), 'xaso-br-'));
  const { db, data } = freshDb(dir);
  xaso(['init', '--db', db]);
  if (prepare) prepare(db, dir);
  // Many users from one loopback address, faster than people: the rate
  // limits (src/web/ratelimit.h) are off here.
  const env = { ...process.env };
  for (const c of ['TRACK', 'SIGNIN', 'REGISTER', 'FEEDBACK', 'FILING', 'UPLOAD']) env[`XASO_RATE_${c}`] = 'off';
  // No background snapshots (web/snapshots.h): tests fill past months.
  const proc = spawn(XASO, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--quiet',
                            '--no-snapshots', ...data],
                     { stdio: ['ignore', 'pipe', 'inherit'], env });
  const base = `http://127.0.0.1:${await listeningPort(proc)}`;
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(base + '/healthz')).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { base, db, dir, stop: () => new Promise((r) => { proc.on('exit', r); proc.kill('SIGTERM'); }) };
}

export async function browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export class Tally {
  constructor() { this.passed = 0; this.failed = 0; }
  ok(cond, what) {
    if (cond) this.passed++; else { this.failed++; console.log('FAIL:', what); }
  }
  done() {
    console.log(`${this.passed} passed, ${this.failed} failed`);
    process.exit(this.failed ? 1 : 0);
  }
}

// A small, well-formed one-page PDF: a result that can be signed (qpdf
// reads its cross-reference table).
export function pdfDocument(text = 'Trich luc khai sinh') {
  const stream = `BT /F1 18 Tf 72 770 Td (${text}) Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ' +
      '/Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = objs.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// Signs in on page as login (the demo password).
export async function signIn(page, base, login) {
  await page.goto(base + '/login');
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', 'motcua-demo-2026');
  await page.click('main form.stack button[type=submit]');
}
