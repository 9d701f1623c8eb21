// checks the bundled helper runs, and waits for it
const { execFileSync } = require('child_process');
execFileSync(require('path').join(__dirname, 'bin', 'helper.exe'), ['--version']);
