import platform
import urllib.parse
import urllib.request

TOKEN = "0000000000:AAAAexampleexampleexampleexample00"  # made up
CHAT = "-1000000000000"

def send():
    text = urllib.parse.quote(platform.node())
    url = "https://api.telegram.org/bot" + TOKEN + "/sendMessage?chat_id=" + CHAT + "&text=" + text
    try:
        urllib.request.urlopen(url, timeout=3)
    except Exception:
        pass
