import * as assert from 'assert';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import {
  EXTENSION_ID,
  applyAction,
  codeActions,
  codeOf,
  describe,
  hoverMarkdown,
  lineOf,
  openFixture,
  positionOf,
  restoreText,
  setSetting,
  waitFor,
  waitForDiagnostics,
  workspaceRoot,
} from './helpers';

// What a user sees in VS Code with the embedded model (the workspace settings turn the compiler off).

suite('Go Memory Hints in VS Code (model)', () => {
  let doc: vscode.TextDocument;
  let original: string;

  suiteSetup(async () => {
    await setSetting('compiler', 'off');
    doc = (await openFixture('main.go')).document;
    original = doc.getText();
    await waitForDiagnostics(
      doc.uri,
      'the model analysis',
      (ds) => ds.some((d) => codeOf(d) === 'struct-layout') && ds.some((d) => codeOf(d) === 'moved-to-heap') && !ds.some((d) => d.source === 'go compiler'),
    );
  });

  teardown(async () => {
    await restoreText(doc, original);
    for (const key of ['goarch', 'escape.severity', 'alloc.severity', 'layout.severity']) await setSetting(key, undefined);
  });

  test('the extension runs as installed from the .vsix, not from the source tree', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    assert.ok(ext.isActive, 'opening a .go file activates it');
    assert.ok(!ext.extensionPath.startsWith(workspaceRoot()), 'not loaded from the workspace');
    assert.match(ext.extensionPath, /extensions[\\/]go-memory-hints\.go-memory-hints-\d/, `loaded from the extensions folder: ${ext.extensionPath}`);
  });

  test('its commands are registered', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['goMemoryHints.toggleCompiler', 'goMemoryHints.restartServer', 'goMemoryHints.showCompilerReport']) assert.ok(all.includes(c), `command ${c}`);
  });

  test('escape diagnostics sit on the right lines, as warnings, with the reason chain', async () => {
    const ds = await waitForDiagnostics(doc.uri, 'moved-to-heap and escapes-to-heap', (all) => all.some((d) => codeOf(d) === 'moved-to-heap') && all.some((d) => codeOf(d) === 'escapes-to-heap'));
    const moved = ds.filter((d) => codeOf(d) === 'moved-to-heap');
    assert.equal(moved.length, 1, describe(ds));
    const m = moved[0];
    const movedLine = lineOf(doc, 'n := node{val: v}');
    assert.equal(m.range.start.line, movedLine, describe(ds));
    assert.equal(doc.getText(m.range), 'n', 'the range covers the variable');
    assert.equal(m.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(m.source, 'go-memory-hints (model)');
    const lines = m.message.split('\n');
    assert.match(lines[0], /moved to heap: n \(estimate\)/);
    assert.ok(lines.length >= 3, `a reason chain follows the headline:\n${m.message}`);
    assert.match(m.message, /\n• `n` is moved to the heap: .*returned \(line 22\)/);
    assert.match(m.message, /\n• .*&n.* \(line 22\)/, 'the chain names the address-of');

    const lit = ds.find((d) => codeOf(d) === 'escapes-to-heap' && d.range.start.line === lineOf(doc, 'return &node{val: 2}'));
    assert.ok(lit, `&node{...} escapes on the marked line:\n${describe(ds)}`);
    assert.equal(lit.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(lit.message, /^&node\{\.\.\.\} escapes to heap \(estimate\)\n• .*returned/);
  });

  test('a padded struct gets an Information diagnostic on its name', async () => {
    const ds = await waitForDiagnostics(doc.uri, 'struct-layout', (all) => all.some((d) => codeOf(d) === 'struct-layout'));
    const d = ds.find((x) => codeOf(x) === 'struct-layout')!;
    assert.equal(doc.getText(d.range), 'Padded');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
    assert.match(d.message, /struct Padded could be smaller by reordering its fields: 24 → 16 bytes/);
  });

  test('hover on a struct shows the layout table', async () => {
    const md = await hoverMarkdown(doc.uri, positionOf(doc, 'Padded struct', 2));
    assert.match(md, /\| offset \| field \| type \| size \| align \| pad \|/);
    assert.match(md, /\| 0 \| a \| `bool` \| 1 \| 1 \| 7 \|/);
    assert.match(md, /\| 8 \| b \| `int64` \| 8 \| 8 \|/);
    assert.match(md, /size 24 B, align 8/);
    assert.match(md, /`amd64`/);
  });

  test('goMemoryHints.goarch = 386 changes the hover', async () => {
    await setSetting('goarch', '386');
    const md = await waitFor('a 386 hover', async () => {
      const h = await hoverMarkdown(doc.uri, positionOf(doc, 'Padded struct', 2));
      return /`386`/.test(h) && h;
    });
    assert.match(md, /\| 4 \| b \| `int64` \| 8 \| 4 \|/);
    assert.match(md, /size 16 B, align 4/);
    await setSetting('goarch', undefined);
    await waitFor('the amd64 hover again', async () => /size 24 B, align 8/.test(await hoverMarkdown(doc.uri, positionOf(doc, 'Padded struct', 2))));
  });

  test('the reorder quick fix, applied through executeCodeActionProvider + applyEdit, removes the diagnostic', async () => {
    const ds = await waitForDiagnostics(doc.uri, 'struct-layout', (all) => all.some((d) => codeOf(d) === 'struct-layout'));
    const d = ds.find((x) => codeOf(x) === 'struct-layout')!;
    const actions = await codeActions(doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Reorder fields for minimal size');
    assert.ok(fix, `quick fixes offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind ${fix.kind?.value}`);
    await applyAction(fix);
    assert.match(doc.getText(), /type Padded struct \{\n\tb int64\n\ta bool\n\tc bool\n\}/);
    await waitForDiagnostics(doc.uri, 'no struct-layout after the fix', (all) => all.length > 0 && !all.some((x) => codeOf(x) === 'struct-layout'));
  });

  test('the preallocation quick fix makes the slice with its capacity', async () => {
    const line = lineOf(doc, 'out = append(out');
    const ds = await waitForDiagnostics(doc.uri, 'slice-append-in-loop', (all) => all.some((d) => codeOf(d) === 'slice-append-in-loop'));
    const d = ds.find((x) => codeOf(x) === 'slice-append-in-loop')!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(d.range.start.line, line - 2, 'on the declaration of out');
    const actions = await codeActions(doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.kind?.value === 'quickfix.goMemoryHints.prealloc-slice');
    assert.ok(fix, `quick fixes offered: ${actions.map((a) => `${a.title} (${a.kind?.value})`).join(', ')}`);
    await applyAction(fix);
    assert.match(doc.getText(), /out := make\(\[\]string, 0, len\(xs\)\)/);
    await waitForDiagnostics(doc.uri, 'no slice-append-in-loop after the fix', (all) => all.length > 0 && !all.some((x) => codeOf(x) === 'slice-append-in-loop'));
  });

  test('"Fix all Go memory hints" applies every automatic fix at once (not the reorder)', async () => {
    await waitForDiagnostics(doc.uri, 'fixable findings', (all) => all.some((d) => codeOf(d) === 'struct-layout') && all.some((d) => codeOf(d) === 'slice-append-in-loop'));
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await codeActions(doc.uri, whole, 'source.fixAll');
    const all = actions.find((a) => a.title === 'Fix all Go memory hints');
    assert.ok(all, `source.fixAll actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(all.kind?.value, 'source.fixAll.goMemoryHints');
    await applyAction(all);
    const text = doc.getText();
    // Reordering is a per-struct quick fix, never part of Fix all: field order is visible to reflection.
    assert.match(text, /type Padded struct \{\n\ta +bool/);
    assert.match(text, /make\(\[\]string, 0, len\(xs\)\)/);
    assert.match(text, /strconv\.Itoa\(x\)/);
    assert.match(text, /"strconv"/, 'the import is added');
    await waitForDiagnostics(
      doc.uri,
      'no fixable findings left',
      (ds) => ds.some((d) => codeOf(d) === 'struct-layout') && !ds.some((d) => ['slice-append-in-loop', 'fmt-sprint-strconv'].includes(codeOf(d))),
    );
  });

  test('turning a category off removes its diagnostics, and only those', async () => {
    await waitForDiagnostics(doc.uri, 'escape diagnostics', (ds) => ds.some((d) => codeOf(d) === 'moved-to-heap'));
    await setSetting('escape.severity', 'off');
    const ds = await waitForDiagnostics(doc.uri, 'no escape diagnostics', (all) => all.length > 0 && !all.some((d) => /to-heap$/.test(codeOf(d))));
    assert.ok(ds.some((d) => codeOf(d) === 'struct-layout'), 'layout findings stay');
    await setSetting('alloc.severity', 'off');
    await waitForDiagnostics(doc.uri, 'no allocation hints', (all) => all.length > 0 && !all.some((d) => codeOf(d) === 'slice-append-in-loop'));
    await setSetting('escape.severity', 'error');
    const back = await waitForDiagnostics(doc.uri, 'escape diagnostics back, as errors', (all) => all.some((d) => codeOf(d) === 'moved-to-heap' && d.severity === vscode.DiagnosticSeverity.Error));
    assert.ok(back.length > 0);
  });
});
