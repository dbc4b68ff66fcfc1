#!/usr/bin/env node
// The "VS Code executable" handed to @vscode/test-electron's runTests (vscodeExecutablePath): instead of a desktop
// VS Code (which cannot be downloaded here) it starts code-server and drives its workbench with headless Chromium.
//
// It takes the arguments runTests passes to VS Code (--extensionDevelopmentPath=, --extensionTestsPath=,
// --user-data-dir=, --extensions-dir=, a folder) and turns them into the workbench's test payload; code-server must
// run with `--vscode-option enable-smoke-test-driver`, or the payload is silently ignored. The workbench calls the
// exposed `codeAutomationExit(code)` with mocha's result when the suite ends; this process exits with that code.
//
// Configuration through the environment (set by test/e2e/run.js):
//   GMH_E2E_NODE24        Node 24 binary that runs code-server
//   GMH_E2E_CODE_SERVER   code-server package folder
//   GMH_E2E_SCRATCH       scratch folder (logs, config, Chromium profile)
//   GMH_E2E_TIMEOUT_MS    give up after this long (default 5 minutes; the suite takes ~20 s)
//   GMH_E2E_BROWSER_ENV   JSON environment for Chromium (scratch HOME/TMPDIR/XDG_*)
'use strict';
const path = require('path');
const { startCodeServer, tail } = require('./codeServer');
const { forwardConsole, launchChromium } = require('./browser');

function parseArgs(argv) {
  const opts = { devPaths: [], positional: [] };
  for (const a of argv) {
    const m = /^--([^=]+)=(.*)$/s.exec(a);
    if (m) {
      if (m[1] === 'extensionDevelopmentPath') opts.devPaths.push(path.resolve(m[2]));
      else opts[m[1]] = m[2];
    } else if (!a.startsWith('--')) opts.positional.push(path.resolve(a));
  }
  return opts;
}

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the suite through test/e2e/run.js`);
  return v;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const node24 = need('GMH_E2E_NODE24');
  const codeServer = need('GMH_E2E_CODE_SERVER');
  const scratch = need('GMH_E2E_SCRATCH');
  const timeoutMs = Number(process.env.GMH_E2E_TIMEOUT_MS || 5 * 60 * 1000);
  const browserEnv = JSON.parse(process.env.GMH_E2E_BROWSER_ENV || 'null') ?? process.env;
  const tests = args.extensionTestsPath && path.resolve(args.extensionTestsPath);
  if (!tests || args.devPaths.length === 0) throw new Error('launcher: --extensionTestsPath and --extensionDevelopmentPath are required');
  const folder = args.positional[0] || args['folder-uri'];
  if (!folder) throw new Error('launcher: no workspace folder given');
  const userDataDir = path.resolve(args['user-data-dir'] || path.join(scratch, 'user-data'));
  const extensionsDir = path.resolve(args['extensions-dir'] || path.join(scratch, 'extensions'));

  const t0 = Date.now();
  const server = await startCodeServer({
    node24,
    codeServer,
    scratch,
    userDataDir,
    extensionsDir,
    folder,
    env: process.env,
    vscodeOptions: ['enable-smoke-test-driver'],
  });
  console.log(`[launcher] code-server ready at ${server.url} in ${Date.now() - t0} ms`);
  let browser;
  const cleanup = async () => {
    await browser?.context.close().catch(() => undefined);
    await server.stop();
  };
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => void cleanup().then(() => process.exit(130)));

  try {
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(args.devPaths[0])],
      ['extensionTestsPath', remote(tests)],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    browser = await launchChromium({ profileDir: path.join(scratch, 'chromium-profile-suite'), env: browserEnv });
    const { page } = browser;
    let finish;
    const done = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code) || 0));
    const noise = /vsda|gallery|marketplace|Failed to load resource|net::ERR|workbench\.web\.main.*404|\[Extension Host\] *$/i;
    forwardConsole(page, (line) => process.stdout.write(line + '\n'), (text) => !noise.test(text));
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    const code = await Promise.race([done, timer]);
    if (code === 'timeout') {
      console.error(`[launcher] no result from the extension-host suite within ${timeoutMs} ms`);
      await page.screenshot({ path: path.join(scratch, 'timeout.png') }).catch(() => undefined);
      console.error(`[launcher] screenshot: ${path.join(scratch, 'timeout.png')}\n[launcher] code-server log tail:\n${tail(server.logFile)}`);
      return 1;
    }
    console.log(`[launcher] suite finished with ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return code;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[launcher] ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  },
);
