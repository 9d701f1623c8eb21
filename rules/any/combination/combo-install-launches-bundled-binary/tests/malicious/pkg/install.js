// defanged fixture: runs the bundled helper at install
const { execFileSync } = require('child_process');
execFileSync(require('path').join(__dirname, 'bin', 'helper.exe'), ['--setup']);
