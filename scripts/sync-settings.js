#!/usr/bin/env node
// Writes package.json's contributes.configuration from the server's settings schema
// (server/src/settings.ts, compiled to out/). Run after changing a setting:
//   npm run compile && node scripts/sync-settings.js
'use strict';
const fs = require('fs');
const path = require('path');
const { SETTINGS_SCHEMA } = require('../out/server/src/settings.js');

const file = path.join(__dirname, '..', 'package.json');
const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
const MACHINE = new Set(['compiler', 'goPath', 'compilerEnv', 'compilerTimeoutSeconds']);
const props = {};
for (const [k, s] of Object.entries(SETTINGS_SCHEMA)) {
  const e = { type: s.type, default: s.default, description: s.description };
  if (s.enum) e.enum = s.enum;
  if (s.type === 'array') e.items = { type: 'string' };
  if (s.properties) {
    e.properties = s.properties;
    e.additionalProperties = false;
  } else if (s.type === 'object') e.additionalProperties = { type: 'string' };
  if (MACHINE.has(k)) e.scope = 'machine-overridable';
  props[`goMemoryHints.${k}`] = e;
}
pkg.contributes.configuration.properties = props;
fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
console.log(`package.json: ${Object.keys(props).length} settings`);
