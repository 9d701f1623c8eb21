// defanged: the plist runs echo and is written under a temp dir
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execSync } = require('child_process');

const plist = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>Label</key><string>com.apple.updater.helper</string>
<key>ProgramArguments</key><array><string>/bin/echo</string><string>hi</string></array>
<key>RunAtLoad</key><true/>
</dict></plist>`;
const dir = path.join(os.tmpdir(), 'Library', 'LaunchAgents');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'com.apple.updater.helper.plist'), plist);
execSync('echo launchctl load ' + dir);
