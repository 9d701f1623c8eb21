# Defanged shape of mplatlib 1.0: junk look-alike names around a hidden name.
lllIIIIlIlIllllIlIIllllIIIII = 211
IIlIIlIIIlIllIIIIlIllIlIlIII = "YZgusskEuIILgfUHKdDRufOiFuxI"
aAAaAAaaaAaAAaAaaAaaAaAaAaAAAaaA = "pDyIbNGgvvsfcubVqudAFuPiwnUl"
lIllllIllIlllIIIIIlIIllIlIlllll = "eGclpSFECkbAUjUcxYAQDyqcxPvO"
IIlllIlllIIIIIllIIIIIIIIIlIIIII = 438
aAAAAaAaaaAAaaAaAAAaAaAaAaaAaAAA = 100
llIIIIIIlIIlllIllIIllllIlIIlllI = "YMPuOosikFZipQCDGmAvPBocTFZA"
