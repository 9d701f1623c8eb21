// Talks to a local dev server and a private address: not command and control.
const http = require('http');
http.get({ host: '127.0.0.1', port: 8080, path: '/health' }, () => {});
http.request({ hostname: '192.168.1.20', path: '/status' }).end();
const opts = { host: 'registry.example.org' };
http.get(opts);
