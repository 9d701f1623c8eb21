# decrypts a config file and parses it as JSON
import json
from cryptography.fernet import Fernet
def load(key, blob):
    return json.loads(Fernet(key).decrypt(blob))
