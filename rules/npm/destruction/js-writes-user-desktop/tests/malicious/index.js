// defanged fixture: protestware drop on the desktop
const fs = require('fs'), os = require('os'), path = require('path');
const desktop = path.join(os.homedir(), '/Desktop/');
fs.writeFileSync(path.join(desktop, 'MESSAGE-FROM-FIXTURE.txt'), 'pkgward fixture');
