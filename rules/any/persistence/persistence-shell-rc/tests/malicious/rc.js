// defanged: writes into a temp copy, and the line only echoes
const fs = require('fs');
const os = require('os');
const path = require('path');
const target = path.join(os.tmpdir(), 'fakehome', '.bashrc');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.appendFileSync(target, '\n# defanged stand-in for: sudo shutdown -h 0\necho shutdown\n');
