// ordinary UTF-8 decoding with shifts and masks
function decode(bytes) {
  var out = '';
  for (var i = 0; i < bytes.length; i++) {
    var c = bytes[i];
    if (c < 0x80) out += String.fromCharCode(c);
    else out += String.fromCharCode(((c & 0x1f) << 6) | (bytes[++i] & 0x3f));
  }
  return out;
}
module.exports = decode;
