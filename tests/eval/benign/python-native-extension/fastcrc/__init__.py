from ._crc import crc32  # noqa: F401
