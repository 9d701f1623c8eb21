import numpy

def resize(a):
    return numpy.asarray(a)
