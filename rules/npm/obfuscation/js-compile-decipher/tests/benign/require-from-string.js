// like require-from-string + an encrypted config reader: compiles source it is given,
// decrypts with a key from a named env variable (not npm metadata)
'use strict';
const Module = require('module');
const crypto = require('crypto');
const path = require('path');

function requireFromString(code, filename) {
  const m = new Module(filename, module.parent);
  m.filename = filename;
  m.paths = Module._nodeModulePaths(path.dirname(filename));
  m._compile(code, filename);
  return m.exports;
}

function readSecret(blob) {
  const key = crypto.scryptSync(process.env.APP_SECRET_KEY || '', 'salt', 32);
  const d = crypto.createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
  return Buffer.concat([d.update(blob.subarray(12)), d.final()]).toString('utf8');
}
module.exports = { requireFromString, readSecret };
