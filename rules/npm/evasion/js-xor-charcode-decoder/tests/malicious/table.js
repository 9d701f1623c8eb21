// defanged fixture: XOR char-code string table
var k = 'OrDeR_7077';
function d(a) { var o = ''; for (var i = 0; i < a.length; i++) o += String.fromCharCode(a[i] ^ k.charCodeAt(i % k.length) ^ 333); return o; }
module.exports = d;
