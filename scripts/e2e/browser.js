// Chromium (Debian's package) driven with playwright-core, for the code-server workbench.
'use strict';
const fs = require('fs');
const path = require('path');
const util = require('util');

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium binary to drive: $GO_MEMORY_HINTS_CHROMIUM, else Debian's. Undefined when there is none. */
function findChromium() {
  const env = process.env.GO_MEMORY_HINTS_CHROMIUM;
  if (env) return fs.existsSync(env) ? env : undefined;
  return CHROMIUM_CANDIDATES.find((c) => fs.existsSync(c));
}

/** A headless Chromium with a fresh profile under `profileDir`; returns the context and its first page. */
async function launchChromium({ profileDir, env, viewport = { width: 1280, height: 800 } }) {
  const { chromium } = require('playwright-core');
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found (apt-get install -y chromium, or set GO_MEMORY_HINTS_CHROMIUM)');
  fs.rmSync(profileDir, { recursive: true, force: true });
  fs.mkdirSync(profileDir, { recursive: true });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    env,
    viewport,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/**
 * printf-style formatting as Node's console does it, except that a string argument left over after a format string
 * is a format string again: the workbench forwards extension-host output as `'%c[Extension Host] %c' + fmt` with
 * CSS arguments, followed by mocha's own `'%s%s'`-style arguments.
 */
function formatConsoleArgs(values) {
  const out = [];
  let i = 0;
  while (i < values.length) {
    const v = values[i++];
    if (typeof v !== 'string') {
      out.push(util.inspect(v, { depth: 4, breakLength: Infinity }));
      continue;
    }
    out.push(
      v.replace(/%([sdifjoOc%])/g, (m, k) => {
        if (k === '%') return '%';
        if (i >= values.length) return m;
        const a = values[i++];
        if (k === 'c') return '';
        if (k === 'd' || k === 'i') return String(Math.trunc(Number(a)));
        if (k === 'f') return String(Number(a));
        return typeof a === 'string' ? a : util.inspect(a, { depth: 4, breakLength: Infinity });
      }),
    );
  }
  return out.join(' ');
}

/**
 * Prints the page's console messages. Extension-host output arrives with its printf placeholders (%s, %d, %c) still
 * in the first argument, so the arguments are formatted the way Node's console would.
 */
function forwardConsole(page, write = (line) => process.stdout.write(line + '\n'), filter = () => true) {
  page.on('console', async (msg) => {
    let text;
    try {
      const values = await Promise.all(msg.args().map((a) => a.jsonValue().catch(() => String(a))));
      text = values.length ? formatConsoleArgs(values) : msg.text();
    } catch {
      text = msg.text();
    }
    if (filter(text, msg.type())) write(text);
  });
  page.on('pageerror', (err) => write(`[page error] ${err.message}`));
}

module.exports = { findChromium, formatConsoleArgs, forwardConsole, launchChromium, profileDirIn: (scratch) => path.join(scratch, 'chromium-profile') };
