// like lodash root detection / feature tests: plain property reads
var root = typeof global == 'object' && global && global.Object === Object && global;
var hasEval = typeof globalThis.eval === 'function';
var key = 'fetch';
var f = globalThis[key];
var p = window['localStorage'];
module.exports = { root, hasEval, f, p };
