import os
import sys

from setuptools import Extension, setup

define_macros = [("PY_SSIZE_T_CLEAN", None)]
extra_compile_args = ["/O2"] if sys.platform == "win32" else ["-O3", "-std=c99"]
if os.environ.get("FASTCRC_DEBUG"):
    extra_compile_args.append("-g")

setup(
    name="fastcrc-native",
    version="0.9.2",
    description="CRC32 in C",
    packages=["fastcrc"],
    ext_modules=[
        Extension(
            "fastcrc._crc",
            sources=["src/crcmodule.c"],
            include_dirs=["src"],
            define_macros=define_macros,
            extra_compile_args=extra_compile_args,
        )
    ],
    python_requires=">=3.8",
)
