// defanged: the hook echoes; the git command is printed, not run
const { execSync } = require('child_process');
const os = require('os');
const path = require('path');
const fs = require('fs');
const dir = path.join(os.tmpdir(), '.githooks-x');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'pre-commit'), '#!/bin/sh\necho hook\n', { mode: 0o755 });
execSync('echo git config --global core.hooksPath ' + dir);
