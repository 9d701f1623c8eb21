// like old opn / open helpers: open a URL with the shell's protocol handler
const { spawn } = require('child_process');
function openUrl(url) {
  if (process.platform === 'win32') {
    return spawn('rundll32', ['url.dll,FileProtocolHandler', url], { detached: true });
  }
  return spawn('xdg-open', [url]);
}
module.exports = openUrl;
