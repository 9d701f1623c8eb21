// A foreground build step: npm waits for it and shows its errors.
const { execSync } = require('child_process');
execSync('node-gyp rebuild', { stdio: 'inherit' });
