# an API client: reads its own token by name, encodes basic auth
import base64
import os
import requests


def get(path):
    token = os.environ.get("EXAMPLE_TOKEN", "")
    auth = base64.b64encode(("user:" + token).encode()).decode()
    return requests.get("https://api.example.com/" + path, headers={"Authorization": "Basic " + auth})
