// link-local and private ranges in an IP classifier (like ipaddr.js); no metadata host
const ranges = {
  linkLocal: ['169.254.0.0', 16],
  private: [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16]],
  carrierGradeNat: ['100.64.0.0', 10],
};
function isLinkLocal(ip) {
  return ip.startsWith('169.254.');
}
module.exports = { ranges, isLinkLocal, example: '169.254.169.2540' };
