// The UI-level test: what a person sees in VS Code (code-server in Chromium, the extension installed from the .vsix).
// Checks the squiggles, the hover with the layout table, the quick-fix menu (Ctrl+.) and the status bar item, and
// saves screenshots of them into docs/screenshots/ (run by test/e2e/run.js, which prepares everything it needs).
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { startCodeServer, tail } = require('../../scripts/e2e/codeServer');
const { forwardConsole, launchChromium } = require('../../scripts/e2e/browser');

const isMac = process.platform === 'darwin';
const MOD = isMac ? 'Meta' : 'Control';

/** Polls `probe` (async) until truthy; no fixed sleeps. */
async function until(what, probe, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function run(opts) {
  const { node24, codeServer, scratch, workspace, userDataDir, extensionsDir, env, hasGo, screenshots } = opts;
  fs.mkdirSync(scratch, { recursive: true });
  fs.mkdirSync(screenshots, { recursive: true });
  const server = await startCodeServer({ node24, codeServer, scratch, userDataDir, extensionsDir, folder: workspace, env });
  let browser;
  try {
    browser = await launchChromium({ profileDir: path.join(scratch, 'chromium-profile'), env, viewport: { width: 1280, height: 800 } });
    const { page } = browser;
    const consoleLines = [];
    forwardConsole(page, (line) => consoleLines.push(line));
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60000 });
    const shot = async (name, locator) => {
      const file = path.join(screenshots, name);
      if (locator) await locator.screenshot({ path: file });
      else await page.screenshot({ path: file });
      console.log(`[ui] screenshot ${path.relative(process.cwd(), file)}`);
    };

    // Open main.go through Quick Open, as a person would.
    await openQuick(page, 'main.go');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor({ state: 'visible' });
    await until('a line of main.go in the editor', () => page.locator('.view-lines', { hasText: 'type Padded struct' }).first().isVisible());

    // Squiggles: warnings for heap escapes, information for layout and allocation hints.
    await until('escape warnings squiggled', async () => (await page.locator('.squiggly-warning').count()) > 0, 60000);
    await until('information squiggles', async () => (await page.locator('.squiggly-info').count()) > 0);

    // Status bar: the model is in use (the compiler is off in the fixture's workspace settings).
    const status = page.locator('.statusbar-item', { hasText: 'mem:' });
    await until('the status bar item', async () => /mem: model/.test((await status.first().textContent()) || ''));

    // 1. The squiggle, with its explanation (the reason chain) in the hover of `n`.
    await goTo(page, 21, 5); // `n`, after a tab (4 columns)
    await page.keyboard.press(`${MOD}+K`);
    await page.keyboard.press(`${MOD}+I`);
    const hover = page.locator('.monaco-hover:visible').first();
    await until('the diagnostic hover', async () => /moved to heap: n/.test((await hover.textContent()) || ''));
    await shot('squiggle.png', page.locator('.part.editor'));
    await page.keyboard.press('Escape');
    await until('the hover to close', async () => (await page.locator('.monaco-hover:visible').count()) === 0);

    // 2. The struct hover with the layout table (on the composite literal `Padded{...}` of main: the type's name in
    //    its declaration carries a diagnostic too, whose text would share the hover).
    await goTo(page, 39, 12);
    await page.keyboard.press(`${MOD}+K`);
    await page.keyboard.press(`${MOD}+I`);
    await until('the layout table in the hover', async () => {
      const text = (await page.locator('.monaco-hover:visible').first().textContent()) || '';
      return /offset/.test(text) && /size 24 B, align 8/.test(text) && (await page.locator('.monaco-hover:visible table').count()) > 0;
    });
    const rows = await page.locator('.monaco-hover:visible table tr').count();
    assert.ok(rows >= 4, `the layout table has a header and three fields (${rows} rows)`);
    await shot('hover.png', page.locator('.part.editor'));
    await page.keyboard.press('Escape');
    await until('the hover to close', async () => (await page.locator('.monaco-hover:visible').count()) === 0);

    // 3. The quick-fix menu (Ctrl+.) on the padded struct.
    //    Focus comes back to the editor a moment after Go to Line closes, and a Ctrl+. pressed before that is lost
    //    (seen once in CI): the press is repeated, up to four times, while no menu has opened.
    await goTo(page, 8, 8);
    const menu = page.locator('.action-widget:visible');
    await openQuickFixMenu(page, menu);
    await until('the quick-fix menu with the reorder fix', async () => /Reorder fields for minimal size/.test((await menu.first().textContent()) || ''));
    await shot('quick-fix.png', page.locator('.part.editor'));
    await page.keyboard.press('Escape');

    // 4. The status bar item turns the compiler on (toggleCompiler); with `go` the status says so.
    if (hasGo) {
      await status.first().click();
      await until('the status bar to show the compiler', async () => /mem: compil/.test((await status.first().textContent()) || ''), 30000);
      const text = await until('the compiler results', async () => {
        const t = (await status.first().textContent()) || '';
        return /mem: compiler\b/.test(t) && t;
      }, 120000);
      console.log(`[ui] status bar: "${text.trim()}"`);
      await shot('workbench.png');
      // A package that does not compile: the status says the estimates are shown.
      await openQuick(page, 'broken.go');
      await until('broken.go in the editor', () => page.locator('.view-lines', { hasText: 'undefinedName' }).first().isVisible());
      const fallback = await until('the status bar to show the fallback', async () => {
        const t = (await status.first().textContent()) || '';
        return /mem: estimates/.test(t) && t;
      }, 120000);
      console.log(`[ui] status bar on a package that does not compile: "${fallback.trim()}"`);
    } else {
      await shot('workbench.png');
    }
  } catch (e) {
    if (browser) await browser.page.screenshot({ path: path.join(scratch, 'ui-failure.png') }).catch(() => undefined);
    throw new Error(`${e && e.message ? e.message : e}\n(screenshot: ${path.join(scratch, 'ui-failure.png')}; code-server log tail:\n${tail(server.logFile, 15)})`);
  } finally {
    await browser?.context.close().catch(() => undefined);
    await server.stop();
  }
}

/** Opens a file through Quick Open (Ctrl+P), as a person would. */
async function openQuick(page, name) {
  await until('Quick Open', async () => {
    await page.keyboard.press(`${MOD}+P`);
    return page.locator('.quick-input-widget input').isVisible();
  });
  await page.keyboard.type(name);
  await until(`${name} in Quick Open`, () => page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().isVisible());
  await page.keyboard.press('Enter');
}

/** Presses Ctrl+. until the code-action menu is visible (a press made while focus is still on its way back to the
 *  editor does nothing); each press gets five seconds. */
async function openQuickFixMenu(page, menu) {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(`${MOD}+.`);
    try {
      await menu.first().waitFor({ state: 'visible', timeout: 5000 });
      if (attempt > 1) console.log(`[ui] the quick-fix menu opened on press ${attempt}`);
      return;
    } catch (e) {
      if (attempt === 4) throw new Error(`no quick-fix menu after ${attempt} presses of ${MOD}+. (focused: ${await page.evaluate(() => document.activeElement && document.activeElement.className).catch(() => '?')})`);
      await page.keyboard.press('Escape'); // closes a "No code actions available" message, if that is what showed
    }
  }
}

/** Ctrl+G line:column puts the cursor on a position (1-based; the column is visual: a tab counts 4, as in the status bar). */
async function goTo(page, line, column) {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  const where = async () => /Ln (\d+), Col (\d+)/.exec((await page.locator('#status\\.editor\\.selection').textContent().catch(() => '')) || '')?.slice(1).join(':');
  await until(`the cursor at ${line}:${column}`, async () => (await where()) === `${line}:${column}`, 5000);
}

module.exports = { run };
