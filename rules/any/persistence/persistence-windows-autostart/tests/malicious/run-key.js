// defanged: the value runs echo; the command is printed, not executed
const { execSync } = require('child_process');
const key = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run';
const cmd = 'reg add "' + key + '" /v WinUpdate /t REG_SZ /d "cmd /c echo hi" /f';
execSync('echo ' + JSON.stringify(cmd));
