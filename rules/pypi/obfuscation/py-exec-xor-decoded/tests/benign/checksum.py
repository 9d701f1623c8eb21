# XOR for a checksum and exec of a trusted version file: no decoder feeding exec.
def checksum(data):
    x = 0
    for c in data:
        x = x ^ ord(c)
    return chr(x % 128)


def load_version(path):
    ns = {}
    with open(path) as f:
        exec(compile(f.read(), path, 'exec'), ns)
    return ns['__version__']
