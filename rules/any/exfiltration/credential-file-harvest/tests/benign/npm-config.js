// like @npmcli/config: user and project .npmrc files; ssh is mentioned only in a
// comment about git URLs (comments are not string values)
const fs = require('fs');
const path = require('path');
const os = require('os');

// git+ssh:// dependencies use the keys in ~/.ssh/id_rsa through the ssh agent
function loadNpmrc(prefix) {
  const files = [path.join(os.homedir(), '.npmrc'), path.join(prefix, '.npmrc')];
  return files.filter(f => fs.existsSync(f)).map(f => fs.readFileSync(f, 'utf8'));
}
module.exports = { loadNpmrc };
