// like a setup CLI (patch-package docs, husky init): adds a hook to the user's own
// package.json and installs; it never packs or publishes anything
const fs = require('fs');
const { execSync } = require('child_process');

function init(cwd) {
  const file = cwd + '/package.json';
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  pkg.scripts = pkg.scripts || {};
  pkg.scripts.postinstall = 'patch-package';
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
  execSync('npm install --save-dev patch-package', { cwd, stdio: 'inherit' });
}
module.exports = init;
