// reads its own manifest, changes nothing
const path = require('path');
const pkg = require(path.join(__dirname, 'package.json'));
module.exports = pkg.version;
