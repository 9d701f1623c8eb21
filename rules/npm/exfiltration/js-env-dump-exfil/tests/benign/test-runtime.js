// like node-sass test/runtime.js: save and restore the environment around a test
var assert = require('assert');
var savedEnv;

beforeEach(function () {
  savedEnv = JSON.stringify(process.env);
});

afterEach(function () {
  process.env = JSON.parse(savedEnv);
});

it('reads the binary name from the environment', function () {
  process.env.SASS_BINARY_NAME = 'linux-x64-72';
  assert.equal(process.env.SASS_BINARY_NAME, 'linux-x64-72');
});
