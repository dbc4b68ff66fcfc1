import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { applyLspEdits, LspHarness } from '../helpers/lspHarness';

/**
 * The quick fixes over a real LSP connection: for each fix golden
 * (test/testdata/fixes/<case>/x.go → x.go.golden), the server's code actions,
 * applied one after another as a user would click them, give the golden text.
 */
const ROOT = path.resolve(__dirname, '../../../test/testdata/fixes');
const cases = fs.readdirSync(ROOT).filter((c) => !c.startsWith('refuse-') && fs.existsSync(path.join(ROOT, c, 'x.go.golden')));

let h: LspHarness;
before(async () => {
  h = new LspHarness({ compiler: 'off', goarch: 'amd64', layout: { severity: 'off' }, escape: { severity: 'off' }, advice: { severity: 'off' } });
  await h.initialize(ROOT);
});
after(() => h.dispose());

for (const c of cases) {
  test(`quick fixes over LSP reproduce the golden: ${c}`, async () => {
    const file = path.join(ROOT, c, 'x.go');
    const uri = 'file://' + file;
    let text = fs.readFileSync(file, 'utf8');
    let version = 1;
    await h.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version, text } });
    for (let round = 0; round < 20; round++) {
      const p = await h.diagnosticsFor(uri, version);
      let applied = false;
      for (const d of p.diagnostics as Diagnostic[]) {
        const actions = (await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } })) as CodeAction[];
        const fix = actions.find((a) => a.edit?.changes?.[uri]);
        if (!fix) continue;
        text = applyLspEdits(text, fix.edit!.changes![uri]);
        version++;
        await h.client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
        applied = true;
        break;
      }
      if (!applied) break;
    }
    assert.equal(text, fs.readFileSync(file + '.golden', 'utf8'));
    await h.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });
}
