// like core-js internals/global-this.js without the Function fallback
'use strict';
var check = function (it) {
  return it && it.Math === Math && it;
};
module.exports =
  check(typeof globalThis == 'object' && globalThis) ||
  check(typeof window == 'object' && window) ||
  check(typeof self == 'object' && self) ||
  check(typeof global == 'object' && global) ||
  (function () { return this; })();
