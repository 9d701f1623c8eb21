// like simple-git-hooks: writes hooks into the current project's .git/hooks
const fs = require('fs');
const path = require('path');

function setHook(projectRoot, hook, command) {
  const gitRoot = path.join(projectRoot, '.git');
  const hookPath = path.join(gitRoot, 'hooks', hook);
  fs.writeFileSync(hookPath, '#!/bin/sh\n' + command + '\n');
  fs.chmodSync(hookPath, 0o0755);
}

function setHooksFromConfig(projectRoot = process.cwd()) {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
  const hooks = pkg['simple-git-hooks'] || {};
  for (const h of Object.keys(hooks)) setHook(projectRoot, h, hooks[h]);
}
module.exports = { setHooksFromConfig };
