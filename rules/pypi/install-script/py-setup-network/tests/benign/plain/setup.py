from setuptools import setup, find_packages
setup(name='fixture', version='1.0', packages=find_packages())
