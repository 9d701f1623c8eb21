// defanged fixture: hide the real manifest after install
const fs = require('fs'), path = require('path');
fs.renameSync(path.join(__dirname, 'package.md'), path.join(__dirname, 'package.json'));
