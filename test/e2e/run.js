#!/usr/bin/env node
// End-to-end run in real VS Code (code-server 4.139.1 = VS Code 1.139 in the browser, driven by Chromium).
//   npm run test:e2e           packages the .vsix, then runs this
//   node test/e2e/run.js       reuses the .vsix and the compiled suite already there
//
// 1. installs Node 24 and code-server on first use into a cache outside the clone (scripts/e2e/tools.js);
// 2. installs go-memory-hints-<version>.vsix (what `npm run package` built) into a scratch extensions folder;
// 3. runs the extension-host mocha suite (test/e2e/suite, compiled by tsc to out/test/e2e/suite) through
//    @vscode/test-electron's runTests with scripts/e2e/launcher.js as the "VS Code executable";
// 4. runs the UI test (test/e2e/ui.js): what a person sees, with screenshots into docs/screenshots/.
// HOME, TMPDIR and XDG_* point at a scratch folder throughout. In CI (CI=true) a missing prerequisite fails the
// run; elsewhere the run explains what it needs and skips.
//
// Environment: GMH_E2E_GREP=text (run matching suite tests only), GMH_E2E_SKIP_UI=1 / GMH_E2E_SKIP_SUITE=1, GMH_E2E_KEEP=1 (keep the
// scratch folder), GMH_E2E_SCREENSHOTS=dir (default docs/screenshots), and the overrides in scripts/e2e/tools.js.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.join(__dirname, '..', '..');
const tools = require(path.join(root, 'scripts/e2e/tools'));
const { installVsix, scratchEnv } = require(path.join(root, 'scripts/e2e/codeServer'));
const { findChromium } = require(path.join(root, 'scripts/e2e/browser'));

const CI = /^(1|true|yes)$/i.test(process.env.CI || '');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(root, `${manifest.name}-${manifest.version}.vsix`);
const suiteIndex = path.join(root, 'out', 'test', 'e2e', 'suite', 'index.js');
const timings = [];

function step(name, t0) {
  const s = (Date.now() - t0) / 1000;
  timings.push(`${name} ${s.toFixed(1)} s`);
  console.log(`[e2e] ${name}: ${s.toFixed(1)} s`);
}

function hasModule(name) {
  try {
    require.resolve(name, { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

/** What is missing on this machine (system packages), with how to get it. */
function missingPrerequisites() {
  const missing = [];
  if (!findChromium()) missing.push('Chromium: apt-get install -y chromium (or set GO_MEMORY_HINTS_CHROMIUM)');
  const csCached = fs.existsSync(path.join(tools.cacheRoot(), `code-server-${tools.CODE_SERVER_VERSION}`, '.go-memory-hints-complete'));
  if (!csCached && !process.env.GO_MEMORY_HINTS_CODE_SERVER) {
    const pc = spawnSync('pkg-config', ['--exists', 'krb5-gssapi'], { stdio: 'ignore' });
    if (pc.error || pc.status !== 0) missing.push('libkrb5-dev and pkg-config (code-server compiles kerberos on install): apt-get install -y libkrb5-dev pkg-config');
  }
  for (const m of ['playwright-core', 'mocha', '@vscode/test-electron']) if (!hasModule(m)) missing.push(`${m}: npm ci`);
  if (CI && spawnSync('go', ['version'], { stdio: 'ignore' }).status !== 0) missing.push('go on PATH (the compiler-merge tests need it)');
  return missing;
}

async function main() {
  const t0 = Date.now();
  const missing = missingPrerequisites();
  if (missing.length) {
    const msg = `real-VS-Code e2e needs:\n  - ${missing.join('\n  - ')}\n(scripts/ci/install-e2e.sh installs the system packages)`;
    if (CI) {
      console.error(`[e2e] FAIL: ${msg}`);
      return 1;
    }
    console.log(`[e2e] skipped: ${msg}`);
    return 0;
  }
  if (!fs.existsSync(vsix)) {
    console.error(`[e2e] ${path.basename(vsix)} not found: run \`npm run test:e2e\` (it packages first) or \`npm run package\``);
    return 1;
  }
  if (!fs.existsSync(suiteIndex)) {
    console.error(`[e2e] ${path.relative(root, suiteIndex)} not found: run \`npm run build\` (tsc compiles test/e2e/suite)`);
    return 1;
  }

  let t = Date.now();
  const node24 = tools.ensureNode24();
  const codeServer = tools.ensureCodeServer();
  step('tools (Node 24, code-server)', t);

  const scratch = process.env.GMH_E2E_SCRATCH ? path.resolve(process.env.GMH_E2E_SCRATCH) : fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-e2e-'));
  fs.mkdirSync(scratch, { recursive: true });
  console.log(`[e2e] scratch folder: ${scratch}`);
  const env = scratchEnv(scratch);
  const goBin = findOnPath('go');
  const hasGo = !!goBin && spawnSync(goBin, ['version'], { stdio: 'ignore' }).status === 0;
  if (hasGo) {
    // VS Code's server takes the extension host's PATH from a login shell, and /etc/profile resets PATH; a Go
    // installed the documented way adds its bin folder in ~/.profile, so the scratch HOME gets one too.
    fs.writeFileSync(path.join(env.HOME, '.profile'), `export PATH="${path.dirname(goBin)}:$PATH"\n`);
  }

  t = Date.now();
  const extensionsDir = path.join(scratch, 'extensions');
  const installed = installVsix({ node24, codeServer, vsix, extensionsDir, env, extensionId: `${manifest.publisher}.${manifest.name}-${manifest.version}` });
  console.log(`[e2e] installed ${path.basename(vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(0)} KiB) into ${installed.dir}`);
  step('install .vsix', t);

  let failed = 0;
  t = Date.now();
  const workspace = prepareWorkspace(scratch, 'workspace');
  const userDataDir = prepareUserData(scratch, 'user-data');
  const { runTests } = require('@vscode/test-electron');
  if (!process.env.GMH_E2E_SKIP_SUITE) try {
    await runTests({
      vscodeExecutablePath: path.join(root, 'scripts', 'e2e', 'launcher.js'),
      extensionDevelopmentPath: path.join(__dirname, 'host'),
      extensionTestsPath: suiteIndex,
      launchArgs: [workspace, `--user-data-dir=${userDataDir}`, `--extensions-dir=${extensionsDir}`],
      extensionTestsEnv: {
        ...env,
        GMH_E2E_NODE24: node24,
        GMH_E2E_CODE_SERVER: codeServer,
        GMH_E2E_SCRATCH: scratch,
        GMH_E2E_BROWSER_ENV: JSON.stringify(env),
        GMH_E2E_GO: hasGo ? '1' : '',
      },
    });
  } catch (e) {
    console.error(`[e2e] extension-host suite failed: ${e && e.message ? e.message : e}`);
    failed++;
  }
  if (!process.env.GMH_E2E_SKIP_SUITE) step('extension-host suite', t);

  if (!process.env.GMH_E2E_SKIP_UI) {
    t = Date.now();
    try {
      const ui = require('./ui');
      await ui.run({
        node24,
        codeServer,
        scratch: path.join(scratch, 'ui'),
        workspace: prepareWorkspace(scratch, 'workspace-ui'),
        userDataDir: prepareUserData(scratch, 'user-data-ui'),
        extensionsDir,
        env,
        hasGo,
        screenshots: path.resolve(process.env.GMH_E2E_SCREENSHOTS || path.join(root, 'docs', 'screenshots')),
      });
    } catch (e) {
      console.error(`[e2e] UI test failed: ${e && e.stack ? e.stack : e}`);
      failed++;
    }
    step('UI test (screenshots)', t);
  }

  step('total', t0);
  if (failed || process.env.GMH_E2E_KEEP) console.log(`[e2e] kept ${scratch} (logs: code-server.log, ui/code-server.log)`);
  else fs.rmSync(scratch, { recursive: true, force: true });
  console.log(`[e2e] ${failed ? 'FAILED' : 'passed'} — ${timings.join(', ')}`);
  return failed ? 1 : 0;
}

function findOnPath(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A fresh copy of the fixture module, so settings and edits made by the tests never touch the repository. */
function prepareWorkspace(scratch, name) {
  const dest = path.join(scratch, name);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(path.join(__dirname, 'workspace'), dest, { recursive: true });
  fs.mkdirSync(path.join(dest, '.vscode'), { recursive: true });
  // The model's estimates first; the compiler tests turn the compiler on themselves.
  fs.writeFileSync(path.join(dest, '.vscode', 'settings.json'), JSON.stringify({ 'goMemoryHints.compiler': 'off' }, null, 2) + '\n');
  return dest;
}

function prepareUserData(scratch, name) {
  const dir = path.join(scratch, name);
  fs.mkdirSync(path.join(dir, 'User'), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'editor.hover.delay': 100,
    'window.commandCenter': false,
    'workbench.layoutControl.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'editor.minimap.enabled': false,
    'editor.cursorBlinking': 'solid',
    'editor.tabSize': 4, // the UI test's Ctrl+G columns are visual columns
    'editor.detectIndentation': false,
  };
  fs.writeFileSync(path.join(dir, 'User', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
  return dir;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[e2e] ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  },
);
