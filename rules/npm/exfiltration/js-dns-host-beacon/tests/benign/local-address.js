// finds this machine's own address (like the "address" package)
const os = require('os');
const dns = require('dns');
module.exports = (cb) => dns.lookup(os.hostname(), { family: 4 }, cb);
