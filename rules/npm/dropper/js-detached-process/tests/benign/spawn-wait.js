// a CLI that runs a child and waits for it
const { spawn } = require('child_process');
const child = spawn('git', ['status'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code));
