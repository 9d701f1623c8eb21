# defanged fixture: encrypted payload run at install (decrypts to a print)
from cryptography.fernet import Fernet
key = b"0000000000000000000000000000000000000000000="
token = b"gAAAAA-fixture-token"
code = Fernet(key).decrypt(token)
exec(code)
