"""Text encodings of CSV files: detect UTF-8, UTF-8 with BOM and Korean CP949/EUC-KR.

Korean spreadsheet exports are often CP949; guessing wrong turns names into mojibake, so
a wrong encoding is an error that names the row and the encoding that would work.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from journeymap.errors import InputFileError

SAMPLE_BYTES = 1 << 20
#: CP949 is a superset of EUC-KR; reading EUC-KR files as CP949 loses nothing.
ALIASES = {"euc-kr": "cp949", "euckr": "cp949", "ks_c_5601-1987": "cp949", "utf8": "utf-8"}


def normalise(encoding: str) -> str:
    """A codec name Python knows, with Korean aliases folded onto CP949."""
    name = encoding.strip().lower().replace("_", "-")
    name = ALIASES.get(name, name)
    try:
        codecs.lookup(name)
    except LookupError:
        raise InputFileError(
            f"unknown encoding '{encoding}'", hint="use utf-8, utf-8-sig, cp949 or euc-kr",
            code="input.unknown_encoding", params={"encoding": encoding},
        ) from None
    return name


def detect_encoding(sample: bytes) -> str:
    """Guess the encoding of a sample: BOM, then strict UTF-8, then charset-normalizer."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(sample, final=False)  # a multi-byte char cut at the end is fine
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp949")
        return "cp949"
    except UnicodeDecodeError:
        pass
    best = from_bytes(sample).best()
    return normalise(best.encoding) if best is not None else "utf-8"


def sample_of(path: Path) -> bytes:
    """The first megabyte of a (possibly gzipped) file, for detection and sniffing."""
    from journeymap.ingest.chunks import open_binary

    with open_binary(path) as fh:
        return fh.read(SAMPLE_BYTES)


def decoding_error(path: Path, chunk: bytes, exc: UnicodeDecodeError, first_row: int,
                   encoding: str) -> InputFileError:
    """An error naming the row where decoding failed and the encoding that would work."""
    row = first_row + chunk[: exc.start].count(b"\n")
    guess = detect_encoding(chunk)
    hint = (
        f"the file looks like {guess}: pass --encoding {guess} or set encoding = "
        f"\"{guess}\" in [source]" if guess != encoding else "check the file's encoding"
    )
    cut = repr(exc.object[exc.start:exc.start + 2])
    return InputFileError(
        f"cannot be read as {encoding} (byte {cut})", file=str(path), row=row, hint=hint,
        code="input.encoding_guess" if guess != encoding else "input.encoding",
        params={"encoding": encoding, "bytes": cut, "guess": guess},
    )
