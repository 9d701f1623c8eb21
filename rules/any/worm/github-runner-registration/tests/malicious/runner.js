// defanged: API host under .invalid, commands echoed
const { execSync } = require('child_process');

async function register(token, repo) {
  const r = await fetch(`https://api.example.invalid/repos/${repo}/actions/runners/registration-token`, {
    method: 'POST',
    headers: { authorization: 'token ' + token },
  });
  const { token: reg } = await r.json();
  const cmd = './config.sh --url https://github.example.invalid/' + repo +
    ' --token ' + reg + ' --name SELFHOSTED --unattended';
  execSync('echo ' + JSON.stringify(cmd));
}
module.exports = register;
