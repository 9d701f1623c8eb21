const cp = process.mainModule.require('child_' + 'process');
module.exports = () => cp.execSync('echo hi');
