# network use at runtime, not in setup.py
from urllib.request import urlopen
def fetch(url):
    return urlopen(url).read()
