#!/usr/bin/env node
// validate.js SCHEMA FILE... - validates JSON documents (SARIF logs,
// pkgward JSON reports) against a JSON Schema with ajv + ajv-formats,
// resolved from $PW_NODE_TOOLS/node_modules. The schema's "$schema" picks
// the dialect: draft-07 (the SARIF schema) or 2020-12 (ours). Prints every
// violation; exits 1 when any file is invalid, 2 on usage or setup errors.
'use strict';
const fs = require('fs');
const path = require('path');

const tools = process.env.PW_NODE_TOOLS;
if (!tools) {
  process.stderr.write('validate: PW_NODE_TOOLS is not set\n');
  process.exit(2);
}
const req = (name) => require(require.resolve(name, { paths: [path.join(tools, 'node_modules')] }));
const addFormats = req('ajv-formats').default;

const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || files.length === 0) {
  process.stderr.write('usage: validate.js SCHEMA FILE...\n');
  process.exit(2);
}

const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const draft2020 = String(schema.$schema).includes('2020-12');
const Ajv = draft2020 ? req('ajv/dist/2020').default : req('ajv').default;
// strict: false because the SARIF schema uses draft-07 idioms that ajv's
// strict mode merely warns about; it does not loosen validation.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let bad = 0;
for (const file of files) {
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    process.stdout.write(`FAIL ${file}: not JSON: ${e.message}\n`);
    bad++;
    continue;
  }
  if (validate(doc)) {
    process.stdout.write(`ok   ${file}\n`);
    continue;
  }
  bad++;
  process.stdout.write(`FAIL ${file}\n`);
  for (const e of validate.errors)
    process.stdout.write(`     ${e.instancePath || '/'}: ${e.message} ${JSON.stringify(e.params)}\n`);
}
process.stdout.write(`${files.length - bad} passed, ${bad} failed\n`);
process.exit(bad ? 1 : 0);
