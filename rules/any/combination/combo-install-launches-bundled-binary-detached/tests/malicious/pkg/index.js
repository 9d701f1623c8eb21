// defanged fixture in the shape of the sonatype droppers
const { spawn } = require('child_process');
const path = require('path');
spawn(path.join(__dirname, 'bin', 'helper.exe'), [], {
  detached: true,
  stdio: 'ignore'
}).unref();
