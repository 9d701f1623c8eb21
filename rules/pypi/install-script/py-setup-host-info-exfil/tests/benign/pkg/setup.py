# records the build host in the version metadata; no network
import socket
from setuptools import setup
setup(name="fixture", version="1.0", description="built on " + socket.gethostname())
