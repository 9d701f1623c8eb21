# -*- coding: utf-8 -*-
a = 'single' "double" '''triple
with 'quotes' and "more"''' """other"""
b = r'\'' rb"\x41" Rb'\n' bR"x" u'\u00e9\U0001F600\N{EM DASH}' b'\xff\101\0'
c = f'{x!r:>{w}} {{lit}}' rf"{y}\n" f"{d["k"]}" F'''{a +
'b'}'''
d = 'continued \
line' + "bad \q \x4 \u12"
e = 0x1F + 1_000 + 1.5e-3j + .5 ** 2 // 3 @ m
f **= 2; g //= 3; h := 4; i -> j; ...
'unterminated
