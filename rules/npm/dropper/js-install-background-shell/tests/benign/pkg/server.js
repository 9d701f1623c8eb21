// Not run at install: a documented helper that starts a daemon on request.
const { spawn } = require('child_process');
exports.startDaemon = () => spawn('nohup ./daemon >/dev/null 2>&1 &', { shell: true });
