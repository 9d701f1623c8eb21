// like core-js: a paste link only in a comment, and a help URL in a message
// (see https://pastebin.com/N21QzeQA for the crash this works around)
function warn() {
  console.warn('Paste the stack trace into the issue: https://github.com/example/issues/new');
}
module.exports = warn;
// script names that look like hosts
const scripts = ['transfer.sh', 'temp.sh', 'upload-file.io.js'];
module.exports.scripts = scripts;
