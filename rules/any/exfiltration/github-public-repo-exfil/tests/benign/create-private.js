// like a "create repo from template" CLI: a private repository for the user's new project
async function createRepo(octokit, name) {
  const { data } = await octokit.rest.repos.createForAuthenticatedUser({ name, private: true });
  return data.clone_url;
}
module.exports = createRepo;
