# Defanged shape of mplatlib 1.0: the dependency name is assembled.
ma = "ma"
rat = "rat"
lib = "lib"
LKEK = ma + rat + lib

from setuptools import setup
setup(
    name='fixture-hidden',
    version='1.0',
    packages=[],
    install_requires=[f'{LKEK}==1.0'],
)
