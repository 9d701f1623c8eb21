// a dev server helper: talks to a raw IP (documented) and nothing else
const http = require('http');
module.exports = () => http.get('http://198.51.100.20:9000/health', () => {});
