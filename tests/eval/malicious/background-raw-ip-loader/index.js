// DEFANGED TEST FIXTURE for pkgward: the library part, harmless.
exports.parse = function (argv) { return argv.slice(2); };
