'use strict';
// DEFANGED TEST FIXTURE (pkgward eval set)
module.exports = function red(s) { return '\u001b[31m' + s + '\u001b[39m'; };
