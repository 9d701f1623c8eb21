// runs the bundled helper when the user calls the CLI, not at install
const { spawnSync } = require('child_process');
spawnSync(require('path').join(__dirname, 'bin', 'helper.exe'), process.argv.slice(2), { stdio: 'inherit' });
