import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { defaultSettings, normalizeSettings, SETTINGS_SCHEMA } from '../../server/src/settings';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const props: Record<string, { default: unknown; enum?: string[]; type: string }> = pkg.contributes.configuration.properties;

test('every setting in package.json exists in the server schema with the same default, type and choices', () => {
  for (const [key, p] of Object.entries(props)) {
    const name = key.replace(/^goMemoryHints\./, '');
    const spec = (SETTINGS_SCHEMA as Record<string, { default: unknown; enum?: string[]; type: string }>)[name];
    assert.ok(spec, `${key} is contributed but unknown to the server`);
    assert.deepEqual(p.default, spec.default, `${key} default`);
    assert.equal(p.type, spec.type, `${key} type`);
    assert.deepEqual(p.enum, spec.enum, `${key} enum`);
    assert.deepEqual((p as { properties?: unknown }).properties, (spec as { properties?: unknown }).properties, `${key} properties`);
  }
  for (const name of Object.keys(SETTINGS_SCHEMA)) assert.ok(props[`goMemoryHints.${name}`], `server setting ${name} is not contributed in package.json`);
});

test('the README settings table lists every setting with its default', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const [key, p] of Object.entries(props)) {
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${key}\` |`));
    assert.ok(row, `README has no row for ${key}`);
    if (p.type === 'object' && p.default && Object.keys(p.default as object).length) continue;
    const shown = typeof p.default === 'string' ? (p.default === '' ? '""' : p.default) : JSON.stringify(p.default);
    assert.ok(row.includes('`' + shown + '`'), `README default for ${key} should be ${shown}: ${row}`);
  }
});

test('settings from the client are validated: wrong types and unknown enum values fall back to defaults', () => {
  const s = normalizeSettings({ goarch: 'sparc', layout: { severity: 'warning' }, largeCopyThreshold: 'big', buildTags: ['a', 1] });
  assert.equal(s.goarch, defaultSettings().goarch);
  assert.equal(s['layout.severity'], 'warning');
  assert.equal(s.largeCopyThreshold, 128);
  assert.deepEqual(s.buildTags, []);
});

test('every command contributed in package.json is registered by the client', () => {
  const client = fs.readFileSync(path.join(root, 'client/src/extension.ts'), 'utf8');
  for (const c of pkg.contributes.commands as { command: string }[]) assert.ok(client.includes(`'${c.command}'`), `${c.command} is not registered`);
});
