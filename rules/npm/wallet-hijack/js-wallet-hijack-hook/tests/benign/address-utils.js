// like ethers / viem address helpers: validate addresses, hook nothing
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
const BTC_RE = /^(bc1|[13])[a-zA-HJ-NP-Z0-9]{25,39}$/;
const SOL_RE = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
export function isAddress(a) { return ADDRESS_RE.test(a); }
export function isBtc(a) { return BTC_RE.test(a); }
export function isSolana(a) { return SOL_RE.test(a); }
