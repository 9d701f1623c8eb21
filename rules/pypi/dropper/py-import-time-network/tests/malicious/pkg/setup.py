from setuptools import setup
setup(name="examplelib", version="1.0.3", packages=["examplelib"])
