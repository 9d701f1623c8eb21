from setuptools import setup
setup(name='img-tools', version='1.0.1')
