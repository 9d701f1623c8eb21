// the name spelt out, and a template literal: nothing hidden
const cp = require(`child_process`);
const { spawn } = require('child_process');
module.exports = { cp, spawn };
