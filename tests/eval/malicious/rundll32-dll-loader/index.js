// DEFANGED TEST FIXTURE (pkgward eval set)
module.exports = { rules: { indent: 'off', quotes: 'off' } };
