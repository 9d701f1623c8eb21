# Installs a helper binary on request and checks its version: not a dropper.
import os
import subprocess
import urllib.request


def install_tool(dst):
    urllib.request.urlretrieve("https://downloads.example.org/tool", dst)
    os.chmod(dst, 0o755)
    out = subprocess.run([dst, "--version"], capture_output=True)
    return out.stdout
