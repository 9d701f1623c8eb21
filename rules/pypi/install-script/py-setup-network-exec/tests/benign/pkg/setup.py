# builds a C extension, no network
import subprocess
from setuptools import setup, Extension
subprocess.check_call(["pkg-config", "--exists", "zlib"])
setup(name="fixture", version="1.0", ext_modules=[Extension("f", ["f.c"])])
