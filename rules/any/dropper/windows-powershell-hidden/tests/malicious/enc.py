import subprocess

# defanged: decodes to "Write-Output 'defanged'; Write-Output 'defanged again'"
CMD = ["powershell.exe", "-NoProfile", "-EncodedCommand",
       "VwByAGkAdABlAC0ATwB1AHQAcAB1AHQAIAAnAGQAZQBmAGEAbgBnAGUAZAAnADsAIABXAHIAaQB0AGUALQBPAHUAdABwAHUAdAAgACcAZABlAGYAYQBuAGcAZQBkACAAYQBnAGEAaQBuACcA"]

def run():
    return subprocess.run(CMD, capture_output=True)
