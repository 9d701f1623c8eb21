// defanged fixture: per-OS payload drop (hosts are .invalid, payload only echoes)
const os = require('os'), fs = require('fs'), path = require('path');
const cp = require('child_process');
const dir = os.tmpdir();
switch (os.platform()) {
  case 'win32':
    fs.writeFileSync(path.join(dir, 'u.cmd'), '@echo pkgward fixture');
    cp.spawn('cmd.exe', ['/c', path.join(dir, 'u.cmd')], { detached: true }).unref();
    break;
  default:
    fs.writeFileSync('/tmp/ld.py', 'print("pkgward fixture")');
    cp.spawn('python3', ['/tmp/ld.py'], { detached: true }).unref();
}
