from setuptools import setup
setup(name="examplelib", version="2.3.0", packages=["examplelib"], install_requires=["requests"])
