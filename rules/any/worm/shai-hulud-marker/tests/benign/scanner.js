// An IOC checker: the worm is named only in comments here.
// Looks for leftovers of the Shai-Hulud worm (Sept/Nov 2025).
const fs = require('fs');
const SUSPICIOUS_FILES = ['bundle.js', 'setup_bun.js', 'bun_environment.js'];
function check(dir) {
  return SUSPICIOUS_FILES.filter(f => fs.existsSync(dir + '/' + f));
}
module.exports = check;
