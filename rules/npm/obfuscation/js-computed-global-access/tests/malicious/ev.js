// defanged: evaluates a constant
var r = global['ev' + 'al']('1 + 1');
var q = globalThis[['re', 'qu', 'ire'].join('')];
module.exports = [r, q];
