// A logger tags records with the host name and ships them; no user name.
const os = require('os');
const https = require('https');
function ship(record) {
  record.host = os.hostname();
  const req = https.request({ host: 'logs.example.org', method: 'POST', path: '/v1' });
  req.end(JSON.stringify(record));
}

// Formatting helpers for the records.
function pad(n) {
  return String(n).padStart(2, '0');
}
function stamp(d) {
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
}

// The CLI greets the user: nothing is sent.
function greet() {
  return 'Hello ' + process.env.USER;
}
module.exports = { ship, greet, stamp };
