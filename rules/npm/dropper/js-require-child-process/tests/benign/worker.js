// like jest-worker's thread pool: worker_threads, no child_process;
// the name in a comment or an error message does not count
// (we used to use child_process here)
const { Worker } = require('worker_threads');
function start(file) {
  if (!file) throw new Error('cannot fork: child_process support was removed');
  return new Worker(file);
}
module.exports = start;
