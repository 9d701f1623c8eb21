// like nx / yargs completion installers: append a completion block once
const fs = require('fs');
const os = require('os');
const path = require('path');

const SCRIPT = `###-begin-tool-completions-###
_tool_completions() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  COMPREPLY=( $(compgen -W "build test lint" -- "$cur") )
}
complete -F _tool_completions tool
###-end-tool-completions-###
`;

function install(shell) {
  const file = path.join(os.homedir(), shell === 'zsh' ? '.zshrc' : '.bashrc');
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (existing.includes('###-begin-tool-completions-###')) return;
  fs.writeFileSync(file, existing + '\n' + SCRIPT);
  console.log('Installed completion in ' + file + '. Open a new shell to use it.');
}
module.exports = install;
