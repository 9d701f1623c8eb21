// like many build helpers: npm install / npm run, never publish
const { execSync, spawnSync } = require('child_process');
function setup(dir) {
  execSync('npm install --no-audit --no-fund', { cwd: dir, stdio: 'inherit' });
  spawnSync('npm', ['run', 'build'], { cwd: dir, stdio: 'inherit' });
  console.log('Done. Run "npm publish" yourself when ready.');
}
module.exports = setup;
