# DEFANGED TEST FIXTURE for pkgward: ships a .pth file that runs code at every interpreter start. Never run.
from setuptools import setup

setup(
    name="colorlog-ext",
    version="0.3.0",
    packages=["colorlog_ext"],
    data_files=[("", ["colorlog_ext_init.pth"])],
)
