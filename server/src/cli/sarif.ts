import type { Finding } from '../analysis/types';
import { codeInfo } from '../analysis/codes';
import { pathToFileURL } from 'url';
import { cliSeverity } from './output';

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per code with help text, results
 * with physical locations (1-based lines, UTF-16 columns declared by columnKind),
 * and fixes as artifact changes.
 */
const LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

function region(r: Finding['range']) {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

export function toSarif(findings: Finding[], version: string, root: string): unknown {
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  const uri = (file: string) => pathToFileURL(file).toString();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'go-memory-hints',
            version,
            informationUri: 'https://example.invalid/go-memory-hints',
            rules: codes.map((c) => ({
              id: c,
              name: c.replace(/(^|-)(\w)/g, (_, __, ch: string) => ch.toUpperCase()),
              shortDescription: { text: codeInfo(c).help },
              fullDescription: { text: codeInfo(c).help },
              help: { text: codeInfo(c).help, markdown: `${codeInfo(c).help}\n\nSee docs/hints.md#${c}` },
              properties: { category: codeInfo(c).category },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(root.endsWith('/') ? root : root + '/').toString() } },
        results: findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: codes.indexOf(f.code),
          level: LEVEL[cliSeverity(f)],
          message: { text: f.why.length ? `${f.message}\n${f.why.join('\n')}` : f.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: uri(f.file) }, region: region(f.range) } }],
          relatedLocations: f.related.map((r, i) => ({ id: i + 1, message: { text: r.message }, physicalLocation: { artifactLocation: { uri: uri(r.file) }, region: region(r.range) } })),
          fixes: f.fixes.map((fix) => ({
            description: { text: fix.title },
            artifactChanges: groupByFile(fix.edits).map(([file, edits]) => ({
              artifactLocation: { uri: uri(file) },
              replacements: edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
            })),
          })),
          properties: { source: f.source },
        })),
      },
    ],
  };
}

function groupByFile<T extends { file: string }>(edits: T[]): [string, T[]][] {
  const m = new Map<string, T[]>();
  for (const e of edits) (m.get(e.file) ?? m.set(e.file, []).get(e.file)!).push(e);
  return [...m];
}
