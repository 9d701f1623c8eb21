# defanged fixture: setup.py-style hidden payload (decodes to a print)
import base64
exec(base64.b64decode(b'cHJpbnQoInBrZ3dhcmQgZml4dHVyZSIp'))
