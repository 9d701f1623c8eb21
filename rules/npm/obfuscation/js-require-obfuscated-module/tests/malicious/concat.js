const cp = require('chi' + 'ld_pro' + 'cess');
module.exports = () => cp.execSync('echo hi');
