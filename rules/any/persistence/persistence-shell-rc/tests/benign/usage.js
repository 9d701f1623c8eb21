// like nx completion: usage text with shell redirections, and a shell-name check
const examples = [
  ['$0 completion bash', 'Install bash completion to ~/.bashrc'],
  ['$0 completion bash --stdout >> ~/.bash_profile', 'Print to stdout for a custom rc location'],
];
function check(shell) {
  if (!shell) throw new Error('please specify a shell — `tool completion <bash|zsh|fish>`');
  return examples;
}
module.exports = check;
