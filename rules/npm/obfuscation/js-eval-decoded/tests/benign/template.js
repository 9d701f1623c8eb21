// like lodash.template / webpack eval devtool: evaluate generated source, never a decoded blob
function compile(source, data) {
  const fn = new Function('data', 'with (data) { return `' + source + '`; }');
  return fn(data);
}
function evalModule(code, url) {
  return eval(code + '\n//# sourceURL=' + url);
}
function decodeImage(b64) {
  return Buffer.from(b64, 'base64'); // decoded bytes are written, not run
}
module.exports = { compile, evalModule, decodeImage };
