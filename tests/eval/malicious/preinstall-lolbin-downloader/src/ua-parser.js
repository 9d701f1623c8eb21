// DEFANGED TEST FIXTURE (pkgward eval set)
module.exports = function parse(ua) { return { ua: String(ua) }; };
