"""Encrypting a backup file at rest: AES-256-GCM in 1 MiB chunks, streamed, so a backup of any size never
has to fit in memory.

Layout: MAGIC, an 8-byte random prefix, then records of (4-byte big-endian length, ciphertext). Chunk i is
sealed with the nonce prefix + i (4 bytes) and with MAGIC + a last-chunk flag as associated data, so a
reordered, altered, truncated or extended file fails to open, as does a wrong key. The key is 32 bytes in
URL-safe base64 (settings.BACKUP_ENCRYPTION_KEY); `cryptography` is already a dependency of allauth's MFA.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"SR-BACKUP-AESGCM-1\n"
CHUNK = 1024 * 1024
_PREFIX = 8
_TAG = 16
_MAX_CHUNKS = 2**32


class SealError(ValueError):
    """The file cannot be opened: not a sealed backup, the wrong key, or damaged."""


def key_from_text(text: str) -> bytes:
    """The key from its setting. ValueError unless it is 32 bytes of URL-safe base64."""
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError) as error:
        raise ValueError("BACKUP_ENCRYPTION_KEY is not URL-safe base64") from error
    if len(key) != 32:
        raise ValueError("BACKUP_ENCRYPTION_KEY must be 32 bytes (44 characters of URL-safe base64)")
    return key


def new_key_text() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def is_sealed(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def _nonce(prefix: bytes, index: int) -> bytes:
    if index >= _MAX_CHUNKS:
        raise SealError("file too large to seal")
    return prefix + index.to_bytes(4, "big")


def _aad(last: bool) -> bytes:
    return MAGIC + (b"\x01" if last else b"\x00")


def seal(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    aead = AESGCM(key)
    prefix = os.urandom(_PREFIX)
    target.write(MAGIC + prefix)
    index = 0
    chunk = source.read(CHUNK)
    while True:
        following = source.read(CHUNK) if len(chunk) == CHUNK else b""
        last = not following
        sealed = aead.encrypt(_nonce(prefix, index), chunk, _aad(last))
        target.write(len(sealed).to_bytes(4, "big") + sealed)
        if last:
            return
        chunk, index = following, index + 1


def unseal(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    aead = AESGCM(key)
    if source.read(len(MAGIC)) != MAGIC:
        raise SealError("not an encrypted backup")
    prefix = source.read(_PREFIX)
    if len(prefix) != _PREFIX:
        raise SealError("the encrypted backup is cut short")
    index = 0
    while True:
        header = source.read(4)
        if len(header) != 4:
            raise SealError("the encrypted backup is cut short")
        length = int.from_bytes(header, "big")
        if length < _TAG or length > CHUNK + _TAG:
            raise SealError("the encrypted backup is damaged")
        sealed = source.read(length)
        if len(sealed) != length:
            raise SealError("the encrypted backup is cut short")
        plain = None
        for last in (False, True):
            try:
                plain = aead.decrypt(_nonce(prefix, index), sealed, _aad(last))
            except InvalidTag:
                continue
            break
        if plain is None:
            raise SealError("wrong key, or the encrypted backup is damaged")
        target.write(plain)
        if last:
            if source.read(1):
                raise SealError("the encrypted backup has data after its end")
            return
        index += 1
