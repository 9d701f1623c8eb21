// like a dev-cert helper: certutil used to add a local CA to the store
const { execFileSync } = require('child_process');
function trustCert(file) {
  return execFileSync('certutil', ['-addstore', '-user', 'Root', file]);
}
function describe() {
  return 'Uses certutil -addstore on Windows; never -urlcache.';
}
module.exports = { trustCert, describe };
