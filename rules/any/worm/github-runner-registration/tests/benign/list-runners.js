// like an Actions dashboard: lists runners; never registers this machine
async function listRunners(octokit, owner, repo) {
  const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/runners', { owner, repo });
  return data.runners.map(r => ({ name: r.name, status: r.status }));
}
// docs: run ./config.sh on the runner host yourself
module.exports = { listRunners };
