# runs a plain command; decodes an unrelated config blob
import base64, subprocess
cfg = base64.b64decode('eyJuYW1lIjogImZpeHR1cmUifQ==').decode()
subprocess.run(['git', 'status'])
