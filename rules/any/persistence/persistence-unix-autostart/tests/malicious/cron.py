import subprocess

JOB = "*/10 * * * * echo defanged >/dev/null 2>&1"
subprocess.run("(crontab -l 2>/dev/null; echo '%s') | crontab -" % JOB, shell=True)
