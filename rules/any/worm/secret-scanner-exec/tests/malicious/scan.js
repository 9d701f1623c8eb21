// defanged: echoes the command a worm would run
const { execSync } = require('child_process');
const os = require('os');
const bin = os.tmpdir() + '/trufflehog';
const cmd = bin + ' filesystem ' + os.homedir() + ' --json';
execSync('echo ' + JSON.stringify(cmd));
