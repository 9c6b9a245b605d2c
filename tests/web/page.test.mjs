// Browser tests of mikiwame serve's page (scripts/web-test.sh starts the server): what a person
// sees after dropping a mail, in Japanese and English; that hostile mails run, load and
// navigate nothing; keyboard-only use; axe-core's accessibility check; a phone-sized view.
// Screenshots are written to $MIKIWAME_ARTIFACTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const BASE = process.env.MIKIWAME_URL;
const ORIGIN = new URL(BASE).origin;
const ARTIFACTS = process.env.MIKIWAME_ARTIFACTS;
const FIXTURES = process.env.MIKIWAME_FIXTURES;
const DEMO = process.env.MIKIWAME_DEMO;

let browser;
// Every request the browser sends anywhere but loopback goes through this proxy on 127.0.0.1,
// which records it and answers 404: a load the page's policy failed to stop shows up here even
// where Playwright's own request events do not reach (a sandboxed srcdoc frame's loads).
const escaped = [];
let proxy;

before(async () => {
  proxy = createServer((req, res) => { escaped.push(req.url); res.writeHead(404); res.end(); });
  proxy.on('connect', (req, socket) => { escaped.push('CONNECT ' + req.url); socket.end(); });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    args: [`--proxy-server=http://127.0.0.1:${proxy.address().port}`, '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-features=AutofillServerCommunication'],
  });
});
after(async () => { await browser?.close(); proxy?.close(); });

// A page with a log of everything it asked for beyond our own server, of dialogs (alert, …)
// and of main-frame navigations. Every request that is not to the server is aborted and logged.
async function openPage(options = {}) {
  const context = await browser.newContext({ locale: options.locale || 'ja-JP', viewport: options.viewport || { width: 1280, height: 900 }, acceptDownloads: true });
  const log = { outside: [], dialogs: [], navigations: [], errors: [] };
  escaped.length = 0; // the proxy's log, per test
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(ORIGIN + '/')) return route.continue();
    log.outside.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('dialog', (d) => { log.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) log.navigations.push(f.url()); });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  await page.goto(BASE);
  return { context, page, log };
}

async function upload(page, file) {
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('#verdict-title', { state: 'visible', timeout: 30000 });
}

// page.waitForFunction evaluates a string, which the page's CSP (no 'unsafe-eval') refuses:
// poll with evaluate (a function call through the debugging protocol) instead.
async function until(page, predicate, arg, timeout = 15000) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await page.evaluate(predicate, arg)) return;
    if (Date.now() > end) throw new Error('timed out waiting for ' + predicate.toString());
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
}

async function axeCheck(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`), [], `axe on ${label}`);
  return result.violations.length;
}

test('a Japanese phishing mail: verdict, findings, route, defanged links — in ja and en', async () => {
  const { context, page, log } = await openPage();
  await shot(page, 'input-ja.png');
  await upload(page, DEMO);
  const verdict = await page.textContent('#verdict-title');
  assert.match(verdict, /判定: フィッシング/);
  assert.match(await page.textContent('.banner .summary'), /カゴヤ・ジャパン/);
  // Findings grouped by stage, with their evidence.
  assert.ok(await page.locator('[data-finding="url.recipient_embedded"]').count() === 1);
  assert.match(await page.textContent('[data-stage="url"] h3'), /リンク/);
  assert.match(await page.textContent('[data-finding="sender.display_brand_mismatch"] .evidence'), /wlssmee\.example/);
  // The route: origin first, with its country, AS and the delay to the next hop.
  const hops = page.locator('li.hop');
  assert.equal(await hops.count(), 2);
  const origin = await hops.nth(0).textContent();
  assert.match(origin, /104\.250\.145\.186/);
  assert.match(origin, /US/);
  assert.match(origin, /AS53850/);
  assert.match(await hops.nth(1).textContent(), /\+2 秒/);
  // Links defanged, the registrable domain marked, nothing clickable anywhere in the report.
  const link = page.locator('tr.link-row').first();
  assert.match(await link.textContent(), /hxxps:\/\/su-activemail-kagoya-jp\[\.\]es\/mail\/login\.html/);
  assert.equal(await link.locator('mark').textContent(), 'su-activemail-kagoya-jp[.]es');
  assert.match(await link.textContent(), /受信者のアドレス入り/);
  assert.equal(await page.locator('#report-view a[href]').count(), 0);
  // Identities beside the brand's domains.
  assert.match(await page.textContent('tr[data-identity="from"]'), /zhanghong@wlssmee\.example.*いいえ/s);
  await shot(page, 'report-ja.png');
  await page.screenshot({ path: join(ARTIFACTS, 'report-ja-top.png') });

  await page.click('#lang-en');
  await until(page, () => document.querySelector('#verdict-title')?.textContent.includes('Verdict: Phishing'));
  assert.match(await page.textContent('.banner .summary'), /KAGOYA|Kagoya/);
  assert.match(await page.locator('li.hop').nth(1).textContent(), /\+2 s after the previous hop/);
  await shot(page, 'report-en.png');
  assert.deepEqual(log.outside, []);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('an English mail: identities, the sandboxed HTML view, the source with evidence marked, export', async () => {
  const { context, page, log } = await openPage({ locale: 'en-US' });
  await upload(page, join(FIXTURES, 'en-microsoft-phish.eml'));
  assert.match(await page.textContent('#verdict-title'), /Verdict: (Phishing|Suspicious)/);
  assert.match(await page.textContent('tr[data-identity="from"]'), /billing@mail-notice\.example/);
  const link = page.locator('tr.link-row').first();
  assert.match(await link.textContent(), /microsoft-365-verify\[\.\]example\[\.\]top/);
  await page.click('#tab-html');
  const frame = page.locator('iframe.html-preview');
  assert.equal(await frame.getAttribute('sandbox'), '');
  await page.click('#tab-source');
  const marks = await page.locator('pre.source mark').allTextContents();
  assert.ok(marks.includes('billing@mail-notice.example'), marks.join(' | '));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="md"]')]);
  const markdown = readFileSync(await download.path(), 'utf8');
  assert.match(markdown, /billing@mail-notice\.example/);
  assert.match(download.suggestedFilename(), /^mikiwame-[0-9a-f]{12}\.en\.md$/);
  await page.click('#tab-text');
  await shot(page, 'report-en-microsoft.png');
  assert.deepEqual(log.outside, []);
  await context.close();
});

const HOSTILE_TEXT = {
  'hostile-html.eml': /Your account is locked/,
  'hostile-refresh.eml': /Redirecting to your parcel page/,
  'hostile-svg.eml': /Invoice/,
};
for (const name of Object.keys(HOSTILE_TEXT)) {
  test(`hostile mail ${name}: nothing runs, nothing loads from outside, nothing navigates`, async () => {
    const { context, page, log } = await openPage({ locale: 'en-US' });
    await upload(page, join(FIXTURES, name));
    for (const tab of ['#tab-html', '#tab-source', '#tab-text', '#tab-html']) {
      await page.click(tab);
      await page.waitForTimeout(700); // time for a refresh, an onload, a timer to fire
    }
    assert.deepEqual(log.dialogs, [], 'no alert/confirm/prompt');
    assert.deepEqual(log.outside, [], 'no request beyond 127.0.0.1');
    // Chromium's own services (autofill seeing a password field) are the browser's, not the mail's.
    const fromMail = escaped.filter((u) => !/^(CONNECT )?[a-z0-9.-]+\.(googleapis|google|gstatic)\.com(:443)?$/.test(u));
    assert.deepEqual(fromMail, [], 'no request reached the network (proxy log)');
    assert.deepEqual(log.navigations, [BASE], 'the page stayed where it was');
    assert.equal(page.url(), BASE);
    // The only script in the page is ours; the mail's markup never reached the page's DOM.
    assert.deepEqual(await page.locator('script').evaluateAll((s) => s.map((x) => x.getAttribute('src'))), ['/app.js']);
    assert.equal(await page.locator('main [onerror], main [onload], main svg, main form').count(), 0);
    // The preview frame still shows the mail's own text (a refresh or a script would have
    // replaced it); a frame the mail itself asks for was refused (Chromium's error page).
    const frame = await (await page.$('iframe.html-preview')).contentFrame();
    assert.ok(['', 'about:srcdoc'].includes(frame.url()), `preview frame at ${frame.url()}`);
    assert.match(await frame.evaluate(() => document.body.innerText), HOSTILE_TEXT[name]);
    for (const f of page.frames())
      assert.ok([BASE, '', 'about:srcdoc', 'chrome-error://chromewebdata/'].includes(f.url()), `a frame loaded ${f.url()}`);
    assert.equal(await page.locator('iframe.html-preview').getAttribute('sandbox'), '');
    if (name === 'hostile-html.eml') {
      assert.match(await page.textContent('.banner .subject'), /<script>alert\('subject'\)<\/script>/); // shown, as text
      await shot(page, 'hostile-html.png');
    }
    assert.deepEqual(log.errors, []);
    await context.close();
  });
}

test('pasted headers, history search, open and delete', async () => {
  const { context, page, log } = await openPage({ locale: 'en-US' });
  await page.fill('#paste-input', 'From: "PayPal Service" <service@paypa1-secure.example>\nTo: bob@example.org\nSubject: Your account is limited\nDate: Tue, 12 Nov 2024 10:02:11 +0000\n');
  await page.click('#paste-submit');
  await page.waitForSelector('#verdict-title', { state: 'visible' });
  assert.match(await page.textContent('.banner .subject'), /Your account is limited/);
  await page.click('#nav-history');
  await page.waitForSelector('table.history tbody tr');
  assert.ok(await page.locator('table.history tbody tr').count() >= 3);
  await page.selectOption('#f-verdict', 'phishing');
  await page.fill('#f-brand', 'kagoya');
  await page.click('#f-apply');
  await until(page, () => [...document.querySelectorAll('table.history tbody tr')].every((r) => r.textContent.includes('KAGOYA')));
  await shot(page, 'history-en.png');
  await page.locator('table.history tbody tr button').first().click();
  await page.waitForSelector('#verdict-title', { state: 'visible' });
  assert.match(await page.textContent('#verdict-title'), /Phishing/);
  assert.match(await page.textContent('#report-view'), /not kept \(serve\.store_raw = false\)/);
  await page.click('#delete-report');
  await until(page, () => document.querySelector('#status').textContent === 'Deleted.');
  assert.deepEqual(log.outside, []);
  await context.close();
});

test('keyboard only: tab to the file picker, upload, land on the verdict, tab on with a visible focus', async () => {
  const { context, page } = await openPage({ locale: 'en-US' });
  let reached = false;
  for (let i = 0; i < 20 && !reached; ++i) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.id === 'file-input');
  }
  assert.ok(reached, 'the file picker is reachable with Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.querySelector('#dropzone')).outlineStyle);
  assert.notEqual(outline, 'none', 'the drop zone shows the focus');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
  await chooser.setFiles(DEMO);
  await until(page, () => document.activeElement?.id === 'verdict-title');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => ({ text: document.activeElement.textContent, outline: getComputedStyle(document.activeElement).outlineStyle }));
  assert.equal(focused.text, 'Save as HTML');
  assert.notEqual(focused.outline, 'none');
  // The mail's tabs are reachable and switch with the arrow keys.
  await page.focus('#tab-text');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getAttribute('#tab-html', 'aria-selected'), 'true');
  await shot(page, 'keyboard-focus.png');
  await context.close();
});

test('accessibility: axe-core finds no serious or critical violation', async () => {
  const { context, page } = await openPage();
  await axeCheck(page, 'the upload view');
  await upload(page, DEMO);
  await axeCheck(page, 'the report (ja)');
  await page.click('#tab-source');
  await axeCheck(page, 'the report source tab');
  await page.click('#nav-history');
  await page.waitForSelector('table.history');
  await axeCheck(page, 'the history');
  await context.close();
});

test('a phone-sized viewport (390×844) reads without sideways scrolling', async () => {
  const { context, page } = await openPage({ viewport: { width: 390, height: 844 } });
  await shot(page, 'input-phone.png');
  await upload(page, DEMO);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the screen`);
  await page.screenshot({ path: join(ARTIFACTS, 'report-phone.png') });
  await shot(page, 'report-phone-full.png');
  await context.close();
});
