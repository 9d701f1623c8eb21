// like plugin loaders: require a name built from configuration, not decoded
const path = require('path');
function loadPlugin(name) {
  return require(name.startsWith('.') ? path.resolve(name) : 'eslint-plugin-' + name);
}
function loadAll(list) {
  return list.map(n => require(n));
}
module.exports = { loadPlugin, loadAll };
