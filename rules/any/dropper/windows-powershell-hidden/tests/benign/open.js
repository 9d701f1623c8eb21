// like sindresorhus/open and prisma: encode a command built at run time,
// pass -NoProfile -NonInteractive -ExecutionPolicy Bypass visibly
const { spawn } = require('child_process');
function openOnWindows(target) {
  const command = `Start "${target.replace(/"/g, '`"')}"`;
  const encoded = Buffer.from(command, 'utf16le').toString('base64');
  const args = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encoded];
  return spawn(`${process.env.SYSTEMROOT}\\System32\\WindowsPowerShell\\v1.0\\powershell`, args, {
    windowsVerbatimArguments: true,
  });
}
module.exports = openOnWindows;
