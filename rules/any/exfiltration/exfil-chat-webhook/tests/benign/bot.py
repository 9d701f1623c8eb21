# like python-telegram-bot: token supplied by the user of the library
import json
import urllib.request


class Bot:
    base_url = "https://api.telegram.org/bot"

    def __init__(self, token):
        self.token = token

    def send_message(self, chat_id, text):
        url = "{}{}/sendMessage".format(self.base_url, self.token)
        data = json.dumps({"chat_id": chat_id, "text": text}).encode()
        req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
        return urllib.request.urlopen(req).read()
