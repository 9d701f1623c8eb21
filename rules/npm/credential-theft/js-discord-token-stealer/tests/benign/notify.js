// a bot that posts build notifications through its own webhook
const { WebhookClient } = require('discord.js');
const hook = new WebhookClient(process.env.HOOK_ID, process.env.HOOK_TOKEN);
module.exports = (msg) => hook.send(`build: ${msg}`);
