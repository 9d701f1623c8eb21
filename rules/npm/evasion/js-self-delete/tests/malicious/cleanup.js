// defanged fixture: a dropper removing its own installer after running
var fs = require('fs');
function done() {
  try { fs.unlinkSync(__filename); } catch (e) {}
}
done();
