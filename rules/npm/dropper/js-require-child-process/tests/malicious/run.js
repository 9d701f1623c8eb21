const { execSync } = require('child_process');
module.exports = () => execSync('echo hi').toString();
