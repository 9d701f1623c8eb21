// like windows-release / registry readers: query values, write nothing
const { execFileSync } = require('child_process');
function productName() {
  const out = execFileSync('reg', ['query', 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', '/v', 'ProductName'], { encoding: 'utf8' });
  return /ProductName\s+REG_SZ\s+(.*)/.exec(out)[1].trim();
}
module.exports = productName;
