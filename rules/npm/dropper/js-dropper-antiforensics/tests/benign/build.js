// a build script that writes package.json for the dist folder
const fs = require('fs'), path = require('path');
const pkg = require('./package.json');
delete pkg.scripts;
fs.writeFileSync(path.join(__dirname, 'dist', 'package.json'), JSON.stringify(pkg, null, 2));
