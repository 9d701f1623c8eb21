from setuptools import setup

VERSION = "2.1"
deps = ["requests", "click"]
setup(
    name='fixture-plain',
    version=VERSION,
    install_requires=[f"fixture-core>={VERSION}", "attrs"] + [f"{d}>=1" for d in deps],
)
