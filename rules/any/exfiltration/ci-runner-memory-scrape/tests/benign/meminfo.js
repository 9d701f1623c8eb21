// like systeminformation / pidusage: reads /proc/<pid>/stat and status, never mem
const fs = require('fs');
function usage(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ');
  const status = fs.readFileSync('/proc/' + pid + '/status', 'utf8');
  const rss = /VmRSS:\s+(\d+)/.exec(status);
  return { utime: Number(stat[13]), rss: rss ? Number(rss[1]) : 0 };
}
function selfMaps() {
  return fs.readFileSync('/proc/self/maps', 'utf8').split('\n').length;
}
module.exports = { usage, selfMaps };
