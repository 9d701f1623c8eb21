// like discord.js WebhookClient / @slack/webhook: the URL comes from the caller
const WEBHOOK_URL_RE =
  /^https?:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api(?:\/v\d{1,2})?\/webhooks\/(\d{17,19})\/([\w-]{68})$/i;

class WebhookClient {
  constructor(url) {
    const m = WEBHOOK_URL_RE.exec(url);
    if (!m) throw new Error('Invalid webhook URL; expected https://discord.com/api/webhooks/<id>/<token>');
    this.id = m[1];
    this.token = m[2];
  }
  url() {
    return `https://discord.com/api/v10/webhooks/${this.id}/${this.token}`;
  }
}
module.exports = { WebhookClient };
