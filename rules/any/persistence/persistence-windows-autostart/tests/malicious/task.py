import subprocess

def install(path):
    # defanged: the task runs echo
    subprocess.call(["schtasks", "/create", "/tn", "OneDriveSync", "/sc", "onlogon",
                     "/tr", "cmd /c echo hi", "/f"])
