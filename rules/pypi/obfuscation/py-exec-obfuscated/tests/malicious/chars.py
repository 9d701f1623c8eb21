# defanged: the code is print('defanged')
exec(''.join(chr(c) for c in [112, 114, 105, 110, 116, 40, 39, 100, 101, 102, 97, 110, 103, 101, 100, 39, 41]))
