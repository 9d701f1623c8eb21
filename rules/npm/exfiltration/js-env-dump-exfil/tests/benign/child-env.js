// like jest-worker / execa: hand a copy of the environment to a child process,
// and report a telemetry event that names only selected variables
'use strict';
const { spawn } = require('child_process');
const https = require('https');

function runWorker(script, extraEnv) {
  const env = { ...process.env, ...extraEnv, FORCE_COLOR: '0' };
  return spawn(process.execPath, [script], { env, stdio: 'inherit' });
}

function reportUsage(event) {
  const body = JSON.stringify({ event, ci: Boolean(process.env.CI), node: process.version });
  const req = https.request('https://telemetry.example.invalid/v1', { method: 'POST' });
  req.on('error', () => {});
  req.end(body);
}

function debugEnv() {
  // printed locally, never sent anywhere
  console.log(JSON.stringify(Object.keys(process.env).sort()));
}

module.exports = { runWorker, reportUsage, debugEnv };

// spawn options carry the environment; nothing is posted with it
function runNpm(args) {
  return spawn('npm', args, { env: process.env, stdio: 'inherit' });
}
module.exports.runNpm = runNpm;
