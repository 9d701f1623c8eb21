# decodes data but never executes it
import base64, json
def load(blob):
    return json.loads(base64.b64decode(blob))
