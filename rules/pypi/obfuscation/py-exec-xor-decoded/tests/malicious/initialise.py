# Defanged shape of colarama 2.0.6: XOR-decoded code compiled and run.
import sys


def deinit():
    blob = "\x41\x11\x0b\x0c\x12\x19\x1e\x1c"
    key = "1234567890"
    code = ""
    for i in range(len(blob)):
        c = blob[i]
        k = key[i % len(key)]
        code += chr(ord(c) ^ ord(k))
    eval(compile(code, '<string>', 'exec'))
