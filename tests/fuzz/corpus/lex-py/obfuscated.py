import base64, codecs, binascii
exec(base64.b64decode(b'aW1wb3J0IG9z'))
__import__('builtins').exec(__import__('base64').b64decode('aW1wb3J0IG9z').decode())
exec(base64.b64decode(base64.b64decode('YVcxd2IzSjBJRzl6')))
exec(base64.b64decode('ZXhlYyhiYXNlNjQuYjY0ZGVjb2RlKCdhVzF3YjNKMElHOXonKSk='))
p = codecs.decode('cevag', 'rot13') + 'sj.tpircs'[::-1]
q = bytes.fromhex('696d706f7274206f73') + binascii.unhexlify('6f73')
r = ''.join(['a', 'b']) + ''.join(chr(c) for c in [99, 104]) + ''.join(map(chr, [99, 104]))
s = chr(99) + chr(104) + bytes([99, 104]).decode() + ''.join(chr(ord(c) - 1) for c in 'fwbm')
getattr(__builtins__, 'ex' + 'ec')(__import__('o' + 's'))
globals()['ev' + 'al']('\x65\x76\x61\x6c')
base64.b32decode('NFWXA33SOQQG64Y=')
code = 'aW1wb3J0IG9zO29zLnN5c3RlbSgnaWQnKQ=='
