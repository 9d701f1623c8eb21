# like many setup.py files: exec a version file read from disk, and eval a literal
import os

here = os.path.dirname(__file__)
about = {}
with open(os.path.join(here, "example", "__version__.py")) as f:
    exec(f.read(), about)

code = compile(open(os.path.join(here, "conf.py")).read(), "conf.py", "exec")
exec(code, {})
DEFAULTS = eval("{'debug': False}")
exec("import sys")
exec('''
x = 1
''')
# like IPython / ply: exec of a format string or a concatenation with a variable
line = "x = 1"
exec("cfg." + line, {}, {})
tabfile = "parsetab"
exec("import %s" % tabfile)
