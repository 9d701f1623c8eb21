// like @metamask/onboarding: links to the extension's store page, reads no files
const EXTENSION_ID = 'nkbihfbeogaeaoehlefnkodbefgpgknn';
const STORE_URL = 'https://chrome.google.com/webstore/detail/metamask/' + EXTENSION_ID;

function startOnboarding(win) {
  if (win.ethereum && win.ethereum.isMetaMask) return false;
  win.open(STORE_URL, '_blank');
  return true;
}
module.exports = { startOnboarding, STORE_URL };
