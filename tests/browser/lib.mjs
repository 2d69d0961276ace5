// Shared pieces of the browser tests: the real xaso binary on a free port
// with a fresh database, Debian's chromium through playwright-core, and a
// tally that prints "N passed, N failed".
// needs: chromium node
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const XASO = process.env.XASO_BIN || 'xaso';
// Screenshots go to the build directory; `make screenshots` sets
// XASO_DOCS_IMG to refresh the guides' pictures in docs/img.
export const OUT = process.env.XASO_DOCS_IMG || process.env.XASO_SHOTS || tmpdir();
mkdirSync(OUT, { recursive: true });

// On PostgreSQL (XASO_TEST_PG names the test server's state file, written by
// tests/integration/pgcluster.py) each server gets a fresh database, which
// xaso init creates, and its attachments a directory of their own.
function freshDb(dir) {
  if (!process.env.XASO_TEST_PG) return { db: join(dir, 't.db'), data: [] };
  const { port } = JSON.parse(readFileSync(process.env.XASO_TEST_PG, 'utf8'));
  const name = 'b_' + randomBytes(8).toString('hex');
  return { db: `postgres://postgres@127.0.0.1:${port}/${name}`, data: ['--data', join(dir, 'files')] };
}

export function xaso(args, input) {
  return execFileSync(XASO, args, { input, encoding: 'utf8' });
}

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

export async function startServer(prepare) {
  const dir = mkdtempSync(join(tmpdir(), 'xaso-br-'));
  const { db, data } = freshDb(dir);
  xaso(['init', '--db', db]);
  if (prepare) prepare(db, dir);
  const port = await freePort();
  // Many users from one loopback address, faster than people: the rate
  // limits (src/web/ratelimit.h) are off here.
  const env = { ...process.env };
  for (const c of ['TRACK', 'SIGNIN', 'REGISTER', 'FEEDBACK', 'FILING', 'UPLOAD']) env[`XASO_RATE_${c}`] = 'off';
  const proc = spawn(XASO, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--quiet', ...data],
                     { stdio: ['ignore', 'pipe', 'inherit'], env });
  const base = `http://127.0.0.1:${port}`;
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
