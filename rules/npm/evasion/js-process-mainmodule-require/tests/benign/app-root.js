// like app-root-path: reads process.mainModule.filename only
const path = require('path');
function appRoot() {
  const main = process.mainModule || require.main;
  return main ? path.dirname(main.filename) : process.cwd();
}
module.exports = appRoot;
