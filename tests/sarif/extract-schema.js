#!/usr/bin/env node
// extract-schema.js BUNDLE OUT
//
// The official SARIF 2.1.0 schema (oasis-tcs/sarif-spec,
// Schemata/sarif-schema-2.1.0.json, JSON Schema draft-07) is not published
// on npm as a file of its own. @datadog/datadog-ci-plugin-sarif embeds it
// verbatim as an object literal in dist/bundle.js:
//
//   var sarif_schema_2_1_0_default = {
//   <TAB>$schema: "http://json-schema.org/draft-07/schema#",
//   ...
//   };
//
// This copies that literal out WITHOUT evaluating any of the bundle: only
// the top-level keys are unquoted, so quoting them makes it plain JSON,
// which JSON.parse then checks. The caller pins the package version and
// the sha256 of the result.
'use strict';
const fs = require('fs');

function die(msg) {
  process.stderr.write(`extract-schema: ${msg}\n`);
  process.exit(1);
}

const [bundlePath, outPath] = process.argv.slice(2);
if (!bundlePath || !outPath) die('usage: extract-schema.js BUNDLE OUT');

const lines = fs.readFileSync(bundlePath, 'utf8').split('\n');
const start = lines.findIndex((l) => l === 'var sarif_schema_2_1_0_default = {');
if (start < 0) die('schema literal not found in the bundle');
const end = lines.findIndex((l, i) => i > start && l === '};');
if (end < 0) die('end of the schema literal not found');

const body = lines.slice(start + 1, end).map((l) =>
  l.replace(/^\t(\$?[A-Za-z_][A-Za-z0-9_]*): /, '\t"$1": '));
let schema;
try {
  schema = JSON.parse('{\n' + body.join('\n') + '\n}');
} catch (e) {
  die(`schema literal is not plain JSON: ${e.message}`);
}
const want = 'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json';
if (schema.$id !== want) die(`unexpected $id ${schema.$id}`);
if (schema.$schema !== 'http://json-schema.org/draft-07/schema#')
  die(`unexpected $schema ${schema.$schema}`);
fs.writeFileSync(outPath, JSON.stringify(schema, null, 2) + '\n');
