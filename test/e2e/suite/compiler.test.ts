import * as assert from 'assert';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, describe, lineOf, openFixture, setSetting, waitFor, waitForDiagnostics } from './helpers';

// The Go compiler's own escape analysis (go build -gcflags=-m=2) merged over the model's estimates. Needs `go`.

const ESCAPE = /^(moved-to-heap|escapes-to-heap)$/;

suite('Go Memory Hints in VS Code (compiler merge)', () => {
  suiteSetup(async function () {
    if (!process.env.GMH_E2E_GO) this.skip(); // run.js sets it when `go` is on PATH (CI has it)
    await setSetting('compiler', 'on');
  });

  suiteTeardown(async () => {
    await setSetting('compiler', 'off'); // as the run's workspace settings had it
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test("the compiler's findings replace the estimates", async function () {
    this.timeout(180_000);
    const doc = (await openFixture('main.go')).document;
    const ds = await waitForDiagnostics(
      doc.uri,
      'escape findings from the compiler, no estimate left',
      (all) => all.some((d) => ESCAPE.test(codeOf(d)) && d.source === 'go compiler') && !all.some((d) => ESCAPE.test(codeOf(d)) && d.source !== 'go compiler'),
      120_000, // a cold build cache costs a few seconds per std package
    );
    const moved = ds.find((d) => codeOf(d) === 'moved-to-heap');
    assert.ok(moved, describe(ds));
    assert.equal(moved.range.start.line, lineOf(doc, 'n := node{val: v}'));
    assert.equal(moved.severity, vscode.DiagnosticSeverity.Warning);
    assert.doesNotMatch(moved.message, /\(estimate\)/);
    assert.match(moved.message, /`n` is moved to the heap/);
    assert.match(moved.message, /\n• /, 'the compiler explanation is a reason chain too');
    assert.ok(ds.some((d) => codeOf(d) === 'struct-layout' && d.source === 'go-memory-hints (model)'), 'layout findings stay');
  });

  test('the compiler report command opens a go-escape-report document', async () => {
    const editor = await openFixture('main.go');
    await vscode.commands.executeCommand('goMemoryHints.showCompilerReport');
    const report = await waitFor('a go-escape-report editor', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d && d.languageId === 'go-escape-report' && d;
    });
    assert.notEqual(report.uri.toString(), editor.document.uri.toString());
    assert.match(report.getText(), /main\.go:\d+:\d+: moved to heap: n/, report.getText().slice(0, 2000));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'); // untitled: no save prompt
  });

  test('a package that does not compile falls back to the estimates; its report shows the build error', async () => {
    const doc = (await openFixture('broken/broken.go')).document;
    // The report of a failed build shows the compiler's error. The command is retried: asked right after the file
    // opens, before its build has started, it answers "no compiler report" (the server does not yet wait for a
    // build that is scheduled but not started).
    const report = await waitFor('a go-escape-report editor', async () => {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('goMemoryHints.showCompilerReport');
      const d = vscode.window.activeTextEditor?.document;
      return d && d.languageId === 'go-escape-report' && d;
    }, 60_000);
    assert.match(report.getText(), /broken\.go:13:\d+: undefined: undefinedName/, report.getText().slice(0, 1500));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const ds = await waitForDiagnostics(doc.uri, 'the model estimate in the broken package', (all) => all.some((d) => codeOf(d) === 'moved-to-heap'));
    const moved = ds.find((d) => codeOf(d) === 'moved-to-heap')!;
    assert.equal(moved.range.start.line, lineOf(doc, 'it := item{v: 1}'));
    assert.equal(moved.source, 'go-memory-hints (model)');
    assert.match(moved.message, /moved to heap: it \(estimate\)/);
    assert.ok(!ds.some((d) => d.source === 'go compiler'), describe(ds));
  });
});
