// like an agent SDK wrapper: maps options to CLI flags; the prompt is the caller's
const { spawn } = require('child_process');

function buildArgs(opts) {
  const args = ['-p', opts.prompt, '--output-format', 'stream-json'];
  if (opts.permissionMode === 'bypassPermissions') args.push('--dangerously-skip-permissions');
  if (opts.model) args.push('--model', opts.model);
  return args;
}

function query(opts) {
  return spawn(opts.executable || 'claude', buildArgs(opts), { stdio: ['ignore', 'pipe', 'inherit'] });
}

module.exports = { query, buildArgs };
