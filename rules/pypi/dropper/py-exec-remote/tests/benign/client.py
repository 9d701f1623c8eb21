# like a JSON API client: downloads data and parses it, executes nothing
import json
import requests


def get_config(url):
    r = requests.get(url, timeout=10)
    r.raise_for_status()
    data = json.loads(r.text)
    return data


def run_script(path):
    # running a local file the user passed on purpose
    ns = {}
    with open(path) as f:
        exec(compile(f.read(), path, "exec"), ns)
    return ns
