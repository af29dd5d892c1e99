"""The backup encryption: round trips, and every kind of damage or a wrong key refused."""

from __future__ import annotations

import io

import pytest

from safeguarding_reviews.backups import sealing
from safeguarding_reviews.backups.sealing import SealError, key_from_text, new_key_text, seal, unseal


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch):
    monkeypatch.setattr(sealing, "CHUNK", 16)


def _seal(plain: bytes, key: bytes) -> bytes:
    out = io.BytesIO()
    seal(io.BytesIO(plain), out, key)
    return out.getvalue()


def _unseal(sealed: bytes, key: bytes) -> bytes:
    out = io.BytesIO()
    unseal(io.BytesIO(sealed), out, key)
    return out.getvalue()


KEY = key_from_text(new_key_text())


@pytest.mark.parametrize("size", [0, 1, 15, 16, 17, 32, 100])
def test_round_trip_of_any_length(size):
    plain = bytes(i % 251 for i in range(size))
    assert _unseal(_seal(plain, KEY), KEY) == plain


def test_same_plaintext_seals_differently_each_time():
    assert _seal(b"x" * 40, KEY) != _seal(b"x" * 40, KEY)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda b: b[:-1], "cut short"),
        (lambda b: b[: len(b) - 20], "cut short|damaged"),
        (lambda b: b + b"\x00", "after its end"),
        (lambda b: b[:40] + bytes([b[40] ^ 1]) + b[41:], "wrong key|damaged"),
        (lambda b: b"not a backup" + b, "not an encrypted backup"),
    ],
    ids=["last-byte-cut", "last-chunk-cut", "data-appended", "bit-flipped", "not-sealed"],
)
def test_damage_is_refused(damage, message):
    sealed = _seal(b"0123456789" * 5, KEY)
    with pytest.raises(SealError, match=message):
        _unseal(damage(sealed), KEY)


def test_dropping_whole_chunks_is_refused():
    sealed = _seal(b"a" * 48, KEY)  # three full chunks, the third marked last
    header = len(sealing.MAGIC) + 8
    record = 4 + 16 + 16
    without_last = sealed[: header + 2 * record]
    with pytest.raises(SealError, match="cut short"):
        _unseal(without_last, KEY)
    swapped = (
        sealed[:header] + sealed[header + record : header + 2 * record] + sealed[header : header + record]
    )
    with pytest.raises(SealError, match="wrong key|damaged"):
        _unseal(swapped + sealed[header + 2 * record :], KEY)


def test_wrong_key_is_refused():
    with pytest.raises(SealError, match="wrong key"):
        _unseal(_seal(b"secret", KEY), key_from_text(new_key_text()))


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("A" * 43 + "=", True),  # 32 zero bytes: fixed, so every xdist worker collects the same ids
        ("", False),
        ("not base64 !!", False),
        ("c2hvcnQ=", False),  # 5 bytes
    ],
)
def test_key_text(text, ok):
    if ok:
        assert len(key_from_text(text)) == 32
    else:
        with pytest.raises(ValueError, match="BACKUP_ENCRYPTION_KEY"):
            key_from_text(text)
