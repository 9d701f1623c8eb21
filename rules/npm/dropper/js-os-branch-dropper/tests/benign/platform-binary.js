// picks a prebuilt binary shipped in an optional dependency; writes nothing
const path = require('path');
const { execFileSync } = require('child_process');
const name = `@example/cli-${process.platform}-${process.arch}`;
const bin = require.resolve(path.join(name, 'bin', 'cli'));
console.log(execFileSync(bin, ['--version']).toString());
