# defanged: decompresses to print('defanged')
exec(__import__('zlib').decompress(b'x\x9c+(\xca\xcc+\xd1POIMK\xccKOMQ\xd7\x04\x009W\x05\xfb'))
