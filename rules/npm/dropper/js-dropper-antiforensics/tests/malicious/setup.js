// defanged fixture in the shape of plain-crypto-js 4.2.1 clean-up
var fs = require('fs'), path = require('path');
function cleanup() {
  fs.unlinkSync(__filename);
  fs.renameSync(path.join(__dirname, 'package.md'), path.join(__dirname, 'package.json'));
}
cleanup();
