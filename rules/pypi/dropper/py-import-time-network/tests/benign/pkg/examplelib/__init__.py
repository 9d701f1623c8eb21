# like requests-based clients: network only inside functions
import requests

__version__ = "2.3.0"
DEFAULT_URL = "https://api.example.invalid/v1"


def fetch(path, session=None):
    s = session or requests.Session()
    return s.get(DEFAULT_URL + path, timeout=10).json()


class Client:
    def __init__(self, token):
        self.token = token

    def ping(self):
        return requests.get(DEFAULT_URL + "/ping", headers={"Authorization": self.token}).ok
