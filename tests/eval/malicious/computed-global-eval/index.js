// DEFANGED TEST FIXTURE for pkgward: computed global['ev'+'al'] of a decoded payload. Payload only echoes. Never run.
'use strict';
var p = 'cmVxdWlyZSgiY2hpbGRfcHJvY2VzcyIpLmV4ZWMoImVjaG8gcGtnd2FyZCB0ZXN0IGZpeHR1cmUiKQ==';
function chunk(a, n) { var r = []; for (var i = 0; i < a.length; i += n) r.push(a.slice(i, i + n)); return r; }
global['ev' + 'al'](Buffer.from(p, 'base64').toString());
module.exports = { chunk: chunk };
