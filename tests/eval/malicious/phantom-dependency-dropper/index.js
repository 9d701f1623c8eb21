'use strict';
// DEFANGED TEST FIXTURE (pkgward eval set): harmless library part.
function rotl(x, n) { return (x << n) | (x >>> (32 - n)); }
module.exports = { rotl: rotl };
