// Headless-browser acceptance test of the intake page (examples/web): the system Chromium
// (/usr/bin/chromium) driven by playwright-core (no browser download), the repository root served
// on 127.0.0.1. Types identifiers (valid, wrong check character, incomplete), computes a Tonghua
// and a Shanghai objection deadline across National Day 2025, checks a proportionate and a
// disproportionate measure, switches language, completes the flow by keyboard only, and fails on
// any console error or failed request. Screenshots go to target/screenshots/; the engine start,
// one `checkMeasure` (the panel's live verdict) and one `evaluate` of the panel's case are timed
// in the page and written to target/screenshots/timings.json (reported in BENCHMARKS.md, not asserted: speed is measured, never a test condition).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../tests/serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const shots = path.join(repoRoot, 'target', 'screenshots');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

let server;
let context;
let profile;
let page;
const problems = [];

async function open() {
  await page.goto(`${server.url}/examples/web/index.html`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
}

before(async () => {
  await mkdir(shots, { recursive: true });
  server = await startServer(repoRoot);
  profile = await mkdtemp(path.join(tmpdir(), 'credit-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1000, height: 1400 },
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
  await open();
});

after(async () => {
  await context?.close();
  await server?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

const text = async (sel) => (await page.textContent(sel)).trim();

async function typeInto(sel, value) {
  await page.fill(sel, '');
  await page.locator(sel).pressSequentially(value);
}

test('identifiers: progress while incomplete, valid, wrong check character (zh, no markdown)', async () => {
  await typeInto('#uscc', '911100006000');
  await page.waitForSelector('#uscc-result[data-state="progress"]');
  assert.equal(await text('#uscc-result'), '已输入 12/18 位');
  await typeInto('#uscc', '91110000600037341K');
  await page.waitForSelector('#uscc-result[data-state="invalid"]');
  assert.equal(await text('#uscc-result'), '第 18 位校验码应为 L，实际为 K');
  await typeInto('#uscc', '91110000600037341L');
  await page.waitForSelector('#uscc-result[data-state="valid"]');
  assert.equal(await text('#uscc-result'), '有效的统一社会信用代码');
  await typeInto('#rid', '110105194912310021');
  await page.waitForSelector('#rid-result[data-state="invalid"]');
  assert.equal(await text('#rid-result'), '第 18 位校验码应为 X，实际为 1');
  await typeInto('#rid', '11010519491231002X');
  await page.waitForSelector('#rid-result[data-state="valid"]');
  for (const sel of ['#uscc-result', '#rid-result']) assert.doesNotMatch(await text(sel), /`/);
  await page.screenshot({ path: path.join(shots, '1-identifiers-zh.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

test('objection: Tonghua and Shanghai deadlines across National Day 2025; a projected year is provisional', async () => {
  await page.selectOption('#obj-jurisdiction', 'cn-jilin-tonghua');
  await page.fill('#obj-filed', '2025-09-26');
  await page.waitForSelector('#obj-result[data-due="2025-10-23"]');
  const tonghua = await text('#obj-result');
  assert.match(tonghua, /15个工作日/);
  assert.match(tonghua, /2025年10月23日/);
  assert.match(tonghua, /2025年10月1日–2025年10月8日 国庆节/);
  assert.match(tonghua, /2025年9月28日 国庆节.*2025年10月11日 国庆节/);
  assert.match(tonghua, /异议期间暂停惩戒措施否/);
  assert.equal(await page.getAttribute('#obj-result', 'data-provisional'), 'false');
  await page.screenshot({ path: path.join(shots, '2-objection-tonghua-zh.png'), fullPage: true });

  await page.selectOption('#obj-jurisdiction', 'cn-shanghai');
  await page.waitForSelector('#obj-result[data-due="2025-10-10"]');
  assert.match(await text('#obj-result'), /5个工作日/);
  assert.match(await text('#obj-result'), /延长后截止日2025年10月13日/);

  await page.fill('#obj-filed', '2027-09-28');
  await page.waitForSelector('#obj-result[data-provisional="true"]');
  assert.match(await text('#obj-provisional'), /暂定：2027 年的国务院放假通知尚未公布/);
  await page.screenshot({ path: path.join(shots, '3-objection-provisional-zh.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

test('measure: disproportionate (general severity) refused with the failed check, proportionate allowed', async () => {
  await page.selectOption('#m-jurisdiction', 'cn');
  await page.selectOption('#m-conduct', 'food_safety_licence_revoked');
  await page.selectOption('#m-measure', 'food_licence_ban');
  await page.selectOption('#m-target', 'legal_person');
  await page.selectOption('#m-severity', 'general');
  await page.waitForSelector('#m-result[data-verdict="refused"]');
  assert.equal(await page.getAttribute('#m-result', 'data-failed'), 'proportionality');
  const refused = await text('#m-result');
  assert.match(refused, /结论: 不得采取/);
  // Each failed check with its rule (checkMeasure), the legal basis from the catalogue.
  assert.match(refused, /措施对该严重程度的失信过重（过罚相当） \(规则 MEA-3\)/);
  assert.equal(await page.getAttribute('#m-failed li', 'data-check'), 'proportionality');
  assert.match(refused, /中华人民共和国食品安全法 第135条/);
  await agreesWithEvaluate();
  await page.screenshot({ path: path.join(shots, '4-measure-refused-zh.png'), fullPage: true });

  await page.selectOption('#m-severity', 'serious');
  await page.waitForSelector('#m-result[data-verdict="allowed"]');
  assert.equal(await page.getAttribute('#m-result', 'data-failed'), '');
  assert.match(await text('#m-result'), /结论: 可以采取/);
  await agreesWithEvaluate();
  for (const severity of ['minor', '']) {
    await page.selectOption('#m-severity', severity);
    await agreesWithEvaluate();
  }
  await page.selectOption('#m-severity', 'serious');
  assert.deepEqual(problems, []);
});

/** The panel's verdict, failed checks and provisional mark (from `checkMeasure` and the record's
 * evaluated status) are those of `evaluate` on the panel's case. */
async function agreesWithEvaluate() {
  const want = await page.evaluate(() => window.panelDecision());
  assert.equal(await page.getAttribute('#m-result', 'data-verdict'), want.verdict);
  assert.equal(await page.getAttribute('#m-result', 'data-failed'), want.failed.join(' '));
  const marked = (await page.$('#m-result .provisional')) !== null;
  assert.equal(marked, want.explanation.provisional ?? false);
}

test('language switch: English labels, messages and verdicts; back to Chinese', async () => {
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await text('label[for="uscc"]'), 'Unified social credit code');
  await typeInto('#uscc', '91110000600037341K');
  await page.waitForSelector('#uscc-result[data-state="invalid"]');
  assert.equal(await text('#uscc-result'), 'check character at position 18 should be L, not K');
  assert.match(await text('#m-result'), /Verdict: may be taken/);
  await page.selectOption('#m-severity', 'general');
  await page.waitForSelector('#m-result[data-verdict="refused"]');
  assert.match(await text('#m-result'), /Verdict: may not be taken/);
  assert.match(await text('#obj-result'), /Provisional: the State Council holiday notice for 2027/);
  await page.screenshot({ path: path.join(shots, '5-english.png'), fullPage: true });
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal(await text('label[for="uscc"]'), '统一社会信用代码');
  assert.deepEqual(problems, []);
});

test('the whole flow by keyboard only', async () => {
  await open();
  const focused = () => page.evaluate(() => document.activeElement?.id);
  // Tab (or Shift+Tab) until `id` has focus; a date field takes one Tab per part (year, month, day).
  const tabTo = async (id, key = 'Tab', most = 8) => {
    for (let i = 0; i < most && (await focused()) !== id; i++) await page.keyboard.press(key);
    assert.equal(await focused(), id);
  };
  // Tab order: language switch, then the form in document order.
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'lang');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'uscc');
  await page.keyboard.type('91110000600037341L');
  await page.waitForSelector('#uscc-result[data-state="valid"]');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'rid');
  await page.keyboard.type('1101051949');
  await page.waitForSelector('#rid-result[data-state="progress"]');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'obj-jurisdiction');
  // Choose Shanghai with the keyboard: type-ahead on the focused select.
  await page.keyboard.type('cn-shanghai');
  await page.waitForSelector('#obj-result[data-due="2025-10-10"]');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'obj-filed');
  await tabTo('m-jurisdiction');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'm-conduct');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'm-severity');
  // The starting case is refused as disproportionate; raise the severity by keyboard.
  await page.waitForSelector('#m-result[data-verdict="refused"]');
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector('#m-result[data-verdict="allowed"]');
  await tabTo('m-notice');
  await page.keyboard.press('Space');
  assert.equal(await page.isChecked('#m-notice'), true);
  await tabTo('m-asof');
  // Back to the language switch and press it.
  await tabTo('lang', 'Shift+Tab', 30);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await text('#m-result'), /Verdict: may be taken/);
  await page.screenshot({ path: path.join(shots, '6-keyboard-en.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

test('timings: engine start, one checkMeasure and one evaluate of the panel, measured in the page', async () => {
  await open();
  const timings = await page.evaluate(() => ({
    ...window.creditTimings,
    // The panel's live verdict: one `checkMeasure` call, median of 51 batches of 1,000 (warm).
    checkMeasureUs: window.timeCheckMeasure(51, 1000),
    // The whole decision of the panel's case (`evaluate`, what the panel called before).
    measureCheckUs: window.timeMeasureCheck(1000),
    measureCheckJsonTextUs: window.timeMeasureCheck(1000, true),
  }));
  for (const k of ['initMs', 'engineStartMs', 'checkMeasureUs', 'measureCheckUs']) assert.ok(Number.isFinite(timings[k]) && timings[k] > 0, k);
  await writeFile(path.join(shots, 'timings.json'), JSON.stringify(timings, null, 2) + '\n');
  console.log(`browser timings: module init ${timings.initMs.toFixed(1)} ms, engine start ${timings.engineStartMs.toFixed(1)} ms, one checkMeasure ${timings.checkMeasureUs.toFixed(2)} µs (median), one evaluate of the panel's case ${timings.measureCheckUs.toFixed(1)} µs (${timings.measureCheckJsonTextUs.toFixed(1)} µs with the case as JSON text)`);
  assert.deepEqual(problems, []);
});
