// A security scanner's URL validator. Comments may mention interact.sh or
// oastify.com; string values here do not.
const BLOCKED_SUFFIXES = ['.internal', '.local', '.localhost'];
function isAllowedCallback(host) {
  return !BLOCKED_SUFFIXES.some(s => host.endsWith(s));
}
// the word "interactsh" alone is not a domain
const label = 'interactsh-client';
module.exports = { isAllowedCallback, label };
// a shell helper that happens to be called interact.sh
const helper = require('path').join(__dirname, 'scripts', 'interact.sh');
module.exports.helper = helper;
