// like a geo-IP helper: looks up the country and caches the answer in one file
const fs = require('fs');
const path = require('path');
const https = require('https');
const SUPPORTED = ['US', 'DE', 'RU', 'BY', 'FR'];

function country(cb) {
  https.get('https://ipinfo.io/json', res => {
    let d = '';
    res.on('data', c => (d += c));
    res.on('end', () => {
      const c = JSON.parse(d).country;
      fs.writeFileSync(path.join(__dirname, '.geo-cache.json'), JSON.stringify({ c }));
      cb(SUPPORTED.includes(c) ? c : 'US');
    });
  });
}
module.exports = country;
