// like a dev-server terminal (node-pty / xterm backends): shell over a local websocket
// and a command runner that pipes output to the parent
const { spawn } = require('child_process');
const net = require('net');
function runScript(cmd) {
  const child = spawn('sh', ['-c', cmd], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(process.stdout);
  return child;
}
function healthServer(port) {
  return net.createServer(s => s.end('ok\n')).listen(port, '127.0.0.1');
}
module.exports = { runScript, healthServer };
