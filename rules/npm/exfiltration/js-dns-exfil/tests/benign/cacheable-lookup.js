// like cacheable-lookup / agent-base: resolve the host the caller asked for,
// and hash something unrelated elsewhere in the file
'use strict';
const dns = require('dns');
const crypto = require('crypto');

function lookup(hostname, options, callback) {
  return dns.lookup(hostname, options, callback);
}

function resolveService(service, domain) {
  return dns.promises.resolveSrv('_' + service + '._tcp.' + domain);
}

async function resolveAll(host) {
  const [v4, v6] = await Promise.all([
    dns.promises.resolve4(host).catch(() => []),
    dns.promises.resolve6(host).catch(() => []),
  ]);
  return [...v4, ...v6];
}

function cacheKey(hostname, family) {
  return crypto.createHash('sha1').update(hostname + ':' + family).digest('hex');
}

module.exports = { lookup, resolveService, resolveAll, cacheKey };
