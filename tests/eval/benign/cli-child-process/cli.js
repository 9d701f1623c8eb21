#!/usr/bin/env node
'use strict';
const { execFileSync, spawn } = require('child_process');
const path = require('path');

function git(args, opts = {}) {
  return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...opts }).trim();
}

function mergedBranches(base) {
  return git(['branch', '--merged', base, '--format=%(refname:short)'])
    .split('\n')
    .filter((b) => b && b !== base && !/^(main|master|develop)$/.test(b));
}

function main(argv) {
  const dryRun = argv.includes('--dry-run');
  const base = argv.find((a) => !a.startsWith('-')) || 'main';
  const root = git(['rev-parse', '--show-toplevel']);
  console.log(`repository: ${path.basename(root)}; base: ${base}`);
  for (const branch of mergedBranches(base)) {
    if (dryRun) {
      console.log(`would delete ${branch}`);
      continue;
    }
    git(['branch', '-d', branch]);
    console.log(`deleted ${branch}`);
  }
  if (argv.includes('--gc')) {
    const child = spawn('git', ['gc', '--prune=now'], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code || 0));
  }
}

main(process.argv.slice(2));
