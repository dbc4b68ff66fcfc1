import type { ContentTypeEncoder, ContentTypeEncoderOptions, Message } from 'vscode-jsonrpc';
import { StreamMessageWriter } from 'vscode-languageserver/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { Finding } from '../analysis/types';
import type { SeveritySetting } from '../settings';
import { toDiagnostic } from './convert';

/**
 * publishDiagnostics bytes made from each finding's JSON of the last publish.
 *
 * A publish carries every diagnostic of the document, and a keystroke leaves nearly all of them as they were: the
 * findings the analysis kept are the same objects (relocate.ts gives back the object itself when nothing in it
 * moved). JSON.stringify of the whole list — 9,620 diagnostics, 5.8 MB, 20–25 ms in the 50,000-line benchmark
 * file — is replaced by writing each finding's JSON, kept from the publish before, with its `data` (index and
 * version, the only parts that change) into one buffer of the right size.
 *
 * The parameters stay an ordinary PublishDiagnosticsParams: `diagnostics` is built when someone reads it (a
 * transport that serializes by itself, as node IPC does, or verbose tracing), and the stdio writer's encoder
 * (wireEncoder) takes the prepared bytes instead.
 */

const encoded = new WeakMap<object, () => Uint8Array>();

interface Kept {
  severity: SeveritySetting;
  /** The diagnostic's JSON without `data` and without its closing brace. */
  json: string;
  /** Its length in UTF-8. */
  size: number;
}

const byFinding = new WeakMap<Finding, Kept>();

export interface PublishItem {
  finding: Finding;
  severity: SeveritySetting;
}

export function publishParams(uri: string, version: number, items: readonly PublishItem[]): PublishDiagnosticsParams {
  let diagnostics: Diagnostic[] | undefined;
  const params = { uri, version } as PublishDiagnosticsParams;
  Object.defineProperty(params, 'diagnostics', {
    enumerable: true,
    get: () => (diagnostics ??= items.map((it, id) => toDiagnostic(it.finding, it.severity, { id, version }))),
  });
  encoded.set(params, () => publishBytes(uri, version, items));
  return params;
}

/** The whole notification, as JSON.stringify of `{jsonrpc, method, params}` would give it (but for key order). */
export function publishBytes(uri: string, version: number, items: readonly PublishItem[]): Buffer {
  const head = `{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":${JSON.stringify(uri)},"version":${version},"diagnostics":[`;
  const bodies = items.map((it) => diagnosticJson(it.finding, it.severity));
  const tails = items.map((_, id) => `,"data":{"id":${id},"version":${version}}}${id < items.length - 1 ? ',' : ''}`);
  let size = Buffer.byteLength(head) + 3;
  for (let id = 0; id < items.length; id++) size += bodies[id].size + tails[id].length;
  const out = Buffer.allocUnsafe(size);
  let at = out.write(head);
  for (let id = 0; id < items.length; id++) {
    at += out.write(bodies[id].json, at);
    at += out.write(tails[id], at, 'latin1'); // digits and ASCII punctuation only
  }
  out.write(']}}', at);
  return out;
}

/**
 * A finding's diagnostic JSON, kept as a string with its UTF-8 length (strings, not a buffer per finding: they go
 * with their findings in the collection that finds them dead; thousands of small buffers are each freed later, by
 * the array-buffer sweeper, and the leak benchmark read 2–3 MB more external memory with them).
 */
function diagnosticJson(f: Finding, severity: SeveritySetting): Kept {
  const kept = byFinding.get(f);
  if (kept && kept.severity === severity) return kept;
  const json = JSON.stringify({ ...toDiagnostic(f, severity, { id: 0, version: 0 }), data: undefined }).slice(0, -1);
  const k = { severity, json, size: Buffer.byteLength(json) };
  byFinding.set(f, k);
  return k;
}

/**
 * The stdio writer's content encoder: a publish made by publishParams goes out as its prepared bytes, every other
 * message as vscode-jsonrpc's own JSON encoder would write it.
 */
export const wireEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode(msg: Message, options: ContentTypeEncoderOptions): Promise<Uint8Array> {
    try {
      const params = (msg as { params?: unknown }).params;
      const ready = params && typeof params === 'object' ? encoded.get(params) : undefined;
      return Promise.resolve(ready ? ready() : Buffer.from(JSON.stringify(msg, undefined, 0), options.charset));
    } catch (err) {
      return Promise.reject(err);
    }
  },
};

/** The server's writer on a stream (stdio, and the tests' pipes): vscode-jsonrpc's, with wireEncoder. */
export function protocolWriter(out: NodeJS.WritableStream): StreamMessageWriter {
  return new StreamMessageWriter(out, { charset: 'utf-8', contentTypeEncoder: wireEncoder });
}
