# DEFANGED TEST FIXTURE for pkgward: setup.py running a base64-hidden payload at build time. The payload only echoes. Never run.
import base64
from setuptools import setup

exec(base64.b64decode("aW1wb3J0IG9zCm9zLnN5c3RlbSgiZWNobyBwa2d3YXJkIHRlc3QgZml4dHVyZSIpCg=="))

setup(
    name="requessts",
    version="2.31.1",
    description="HTTP for Humans.",
    packages=["requessts"],
)
