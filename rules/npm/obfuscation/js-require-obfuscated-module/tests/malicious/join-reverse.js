var a = require('ssecorp_dlihc'.split('').reverse().join(''));
var b = require(['chi', 'ld_', 'process'].join(''));
module.exports = [a, b];
