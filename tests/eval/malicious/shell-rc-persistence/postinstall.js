// DEFANGED TEST FIXTURE for pkgward: shell-rc persistence (appends a shutdown line to ~/.bashrc). The appended line is commented out with echo. Never run.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const rc = path.join(os.homedir(), '.bashrc');
try {
  fs.appendFileSync(rc, '\necho "pkgward test fixture" # sudo shutdown -h now\n');
} catch (e) {}
