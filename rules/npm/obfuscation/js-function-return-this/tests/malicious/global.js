// obfuscator-style: the string is split, the folded view sees "return this"
var _0x1f = Function('ret' + 'urn th' + 'is')();
var _0x2a = _0x1f['pro' + 'cess'];
module.exports = _0x2a && _0x2a['mainModule'];
