import os

LINE = "\nnohup sh -c 'echo beacon' >/dev/null 2>&1 &\n"

def persist():
    rc = os.path.join("/tmp/fakehome", ".zshrc")  # defanged: not the real home
    with open(rc, "a") as f:
        f.write(LINE)
