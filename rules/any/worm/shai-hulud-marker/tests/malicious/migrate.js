// defanged: only builds the request body
function body(files) {
  return JSON.stringify({
    name: 'random-' + Date.now(),
    description: 'Shai-Hulud Migration',
    private: false,
    files,
  });
}
module.exports = body;
