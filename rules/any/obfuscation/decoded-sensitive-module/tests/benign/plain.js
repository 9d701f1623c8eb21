// loads child_process in plain sight; decodes an unrelated escaped greeting
const cp = require('child_process');
const hello = '\x68\x65\x6c\x6c\x6f world';
module.exports = () => cp.execFileSync('git', ['status']) + hello;
