// deletes a temporary file it created, not itself
var fs = require('fs');
var path = require('path');
var tmp = path.join(require('os').tmpdir(), 'build-' + process.pid + '.json');
fs.writeFileSync(tmp, '{}');
fs.unlinkSync(tmp);
console.log(__filename);
