"""Fonts subset without a C type parsed for each length of array (WeasyPrint 70).

WeasyPrint 70 subsets each font of a PDF with HarfBuzz, handing it the glyphs as arrays made by
ffi.new(f"hb_codepoint_t[{n}]", values): cffi parses each new type string with pycparser, some
5 ms, twice per font of an issue. The arrays are made here from the open type "hb_codepoint_t[]",
whose length is that of the values: the same arrays, one type parsed once. install() puts this in
fonts.py's place for the version it mends, and leaves any other version alone.
"""

import weasyprint
from weasyprint.pdf import fonts

WEASYPRINT_VERSION = "70.0"  # the version whose fonts.py this mends; requirements.txt pins it
FFI = fonts.ffi


class _OpenArrays:
    """fonts.py's ffi, making the arrays it fills with values from the open array type."""

    def __getattr__(self, name):
        return getattr(FFI, name)

    @staticmethod
    def new(cdecl, init=None):
        if init is not None and cdecl.endswith("]"):
            cdecl = cdecl[: cdecl.rindex("[")] + "[]"  # as long as init, as the length given is
        return FFI.new(cdecl, init)


def install():
    """Use _OpenArrays in fonts.py (once; only for WEASYPRINT_VERSION)."""
    if weasyprint.__version__ == WEASYPRINT_VERSION:
        fonts.ffi = _OpenArrays()
