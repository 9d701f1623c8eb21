// like CLIs that need another tool: print the install command, run something else
const { spawnSync } = require('child_process');
function ensureBun() {
  const r = spawnSync('bun', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error('bun is not installed. Install it with:');
    console.error('  curl -fsSL https://bun.sh/install | bash');
    process.exitCode = 1;
  }
  return r.stdout;
}
module.exports = ensureBun;
