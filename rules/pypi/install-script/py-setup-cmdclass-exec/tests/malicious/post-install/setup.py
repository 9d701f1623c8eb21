# defanged: the command only echoes
import os
from setuptools import setup
from setuptools.command.install import install


class PostInstall(install):
    def run(self):
        install.run(self)
        os.system("echo defanged-payload")


setup(
    name="example-typosquat",
    version="0.0.1",
    cmdclass={"install": PostInstall},
)
