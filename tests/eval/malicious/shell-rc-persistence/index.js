// DEFANGED TEST FIXTURE (pkgward eval set)
module.exports = {};
