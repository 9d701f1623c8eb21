// defanged fixture: keep a child alive after npm install returns
const { spawn } = require('child_process');
spawn(process.execPath, [__dirname + '/beacon-worker.js'], { detached: true, stdio: 'ignore' }).unref();
