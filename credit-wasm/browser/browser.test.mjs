// Headless-browser test of examples/web: the system Chromium (/usr/bin/chromium) driven by
// playwright-core (no browser download). Serves the repository root on 127.0.0.1, types a valid
// and an invalid unified social credit code, and fails on any console error or failed request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../tests/serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

let server;
let context;
let profile;
let page;
const problems = [];

before(async () => {
  server = await startServer(repoRoot);
  profile = await mkdtemp(path.join(tmpdir(), 'credit-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.goto(`${server.url}/examples/web/index.html`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
});

after(async () => {
  await context?.close();
  await server?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

const result = '#uscc-result';

test('a valid code shows "valid"', async () => {
  await page.fill('#uscc', '');
  await page.locator('#uscc').pressSequentially('91110000600037341L');
  await page.waitForSelector(`${result}[data-valid="true"]`, { timeout: 5000 });
  assert.equal((await page.textContent(result)).trim(), 'valid');
  assert.deepEqual(problems, []);
});

test('a wrong check character shows the check-character error', async () => {
  await page.fill('#uscc', '');
  await page.locator('#uscc').pressSequentially('91110000600037341K');
  await page.waitForSelector(`${result}[data-valid="false"]`, { timeout: 5000 });
  const text = (await page.textContent(result)).trim();
  assert.match(text, /invalid check character `K` at position 18: expected `L`/);
  assert.deepEqual(problems, []);
});

test('clearing the field clears the result', async () => {
  await page.fill('#uscc', '');
  await page.waitForSelector(`${result}[data-valid=""]`, { timeout: 5000 });
  assert.equal((await page.textContent(result)).trim(), '');
  assert.deepEqual(problems, []);
});
