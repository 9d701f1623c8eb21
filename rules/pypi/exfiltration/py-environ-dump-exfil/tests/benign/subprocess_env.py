# like setuptools / pip build helpers: pass a modified copy of the environment to a
# child process, and fetch an index page with a token read by name
import os
import subprocess

import requests


def run_build(cmd):
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    return subprocess.run(cmd, env=env, check=True)


def run_tool(cmd):
    return subprocess.check_call(cmd, env={**os.environ, "LC_ALL": "C"})


def fetch_index(url):
    token = os.environ.get("INDEX_TOKEN")
    headers = {"Authorization": "Bearer " + token} if token else {}
    return requests.get(url, headers=headers, timeout=10).text


def debug_dump():
    # shown to the user, never sent
    print(str(os.environ.get("PATH")))
