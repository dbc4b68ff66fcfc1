import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';

/**
 * The extension-host entry point (what @vscode/test-electron calls `extensionTestsPath`): runs every
 * `*.test.js` beside this file with mocha inside the VS Code extension host. GMH_E2E_GREP narrows the run.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 90_000, slow: 5_000, grep: process.env.GMH_E2E_GREP || undefined });
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} e2e test(s) failed`)) : resolve()));
  });
}
