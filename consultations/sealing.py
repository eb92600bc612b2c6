"""The keys and the envelope of secret ballots (see docs/voting-security.md).

Every secret consultation has its own keys, derived from the ballot key
(`BALLOT_SECRET_KEY`, else `SECRET_KEY`), which lives in the environment and
never in the database, the cache or a backup of them:

- the *seal* key encrypts each ballot in the box, and the box's running
  count, with AES-256-GCM (a random nonce per envelope; the consultation's id
  as associated data, so an envelope cannot be moved to another vote);
- the *lookup* key turns a voter's receipt code into the handle of their
  sealed ballot, so they alone can find it again to check or change it;
- the *receipt* key turns the same code into the handle the ballot keeps
  once counted, a different one: the two cannot be matched without the code.

The receipt code itself is shown once to the voter and stored nowhere.
Every envelope of a consultation has the same length: padding hides how
many options a ballot chose.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

NONCE_BYTES = 12
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U
RECEIPT_LENGTH = 12  # about 59 bits
# Room for one answer line of the envelope (question, option, value, rank
# as JSON numbers), and for the rest (the receipt handle and the brackets).
LINE_BYTES = 64
ENVELOPE_BYTES = 160


class SealError(Exception):
    """An envelope that does not open with this consultation's key."""


def ballot_master_key() -> str:
    return getattr(settings, "BALLOT_SECRET_KEY", "") or settings.SECRET_KEY


@lru_cache(maxsize=256)
def _derive(master: str, purpose: str, consultation_id: int, created_at: str) -> bytes:
    root = hashlib.sha256(f"plan-commun ballots\0{master}".encode()).digest()
    return hmac.new(root, f"{purpose}\0{consultation_id}\0{created_at}".encode(), hashlib.sha256).digest()


@dataclass(frozen=True)
class BallotKeys:
    """The keys of one consultation. `created_at` is part of their context:
    a database recreated with the same ids gets other keys."""

    consultation_id: int
    created_at: datetime
    # What the keys are for: empty for a consultation (its keys as they have
    # always been), another word for another kind of vote that seals its
    # ballots the same way (an assembly's electronic vote: "assembly-vote"),
    # so that no two votes share keys whatever their ids.
    scope: str = ""

    def _key(self, purpose: str) -> bytes:
        purpose = f"{self.scope}/{purpose}" if self.scope else purpose
        return _derive(ballot_master_key(), purpose, self.consultation_id, self.created_at.isoformat())

    @property
    def _aad(self) -> bytes:
        return str(self.consultation_id).encode()

    def seal(self, plaintext: bytes, size: int) -> bytes:
        """Encrypted, with its length in front and zeros after, to `size`
        bytes of content whatever its own length."""
        if len(plaintext) > size:
            raise ValueError("the envelope is too small for this content")
        nonce = os.urandom(NONCE_BYTES)
        padded = len(plaintext).to_bytes(4, "little") + plaintext + b"\0" * (size - len(plaintext))
        return nonce + AESGCM(self._key("seal")).encrypt(nonce, padded, self._aad)

    def open(self, envelope: bytes) -> bytes:
        envelope = bytes(envelope)
        try:
            padded = AESGCM(self._key("seal")).decrypt(envelope[:NONCE_BYTES], envelope[NONCE_BYTES:], self._aad)
        except InvalidTag as error:
            raise SealError("this envelope does not open with the ballot key") from error
        return padded[4:4 + int.from_bytes(padded[:4], "little")]

    def _handle(self, purpose: str, voter_id: int, code: str) -> str:
        message = f"{voter_id}\0{receipt_normalise(code)}".encode()
        return hmac.new(self._key(purpose), message, hashlib.sha256).hexdigest()

    def lookup(self, voter_id: int, code: str) -> str:
        """The handle of the sealed ballot, while the vote runs."""
        return self._handle("lookup", voter_id, code)

    def receipt(self, voter_id: int, code: str) -> str:
        """The handle of the counted ballot, after the count."""
        return self._handle("receipt", voter_id, code)


def keys_of(consultation) -> BallotKeys:
    return BallotKeys(consultation.pk, consultation.created_at)


def receipt_new() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(RECEIPT_LENGTH))
    return "-".join(code[i:i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def receipt_normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def receipt_well_formed(code: str) -> str | None:
    """A code as receipt_new makes them (from a form that carried one), in
    its written form; None when it is not one."""
    bare = receipt_normalise(code or "")
    if len(bare) != RECEIPT_LENGTH or set(bare) - set(RECEIPT_ALPHABET):
        return None
    return "-".join(bare[i:i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def envelope_size(questions: list) -> int:
    """The same for every ballot of the consultation: room for the longest
    ballot its questions allow (one line per option, or one per question)."""
    lines = sum(max(1, len(question.options.all())) for question in questions)
    size = ENVELOPE_BYTES + LINE_BYTES * lines
    return -(-size // 256) * 256


def ballot_pack(receipt: str | None, lines: list) -> bytes:
    """A ballot's content: its receipt handle and answer lines (see tally.Line)."""
    return json.dumps({"r": receipt, "a": [[line.question, line.option, line.value, line.rank] for line in lines]},
                      separators=(",", ":")).encode()


def ballot_unpack(data: bytes):
    from .tally import Line

    content = json.loads(data)
    return content["r"], [Line(*line) for line in content["a"]]
