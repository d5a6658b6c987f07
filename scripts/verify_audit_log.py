#!/usr/bin/env python3
"""A second, independent verifier of the audit log (docs/audit-trail.md), Python 3 standard library only.

    python3 scripts/verify_audit_log.py FILE --checkpoint NOTE --key VKEY

FILE is NDJSON, one GET /api/audit/events item a line, in order ("-" reads stdin); NOTE a signed
checkpoint (GET /api/audit/checkpoint) saved to a file; VKEY the log's verifier key, or a file
holding it. Exit 0 printing "ok <count> events, root <hex>", 1 printing "fail: ..." naming the
first wrong seq or the checkpoint, 2 when it could not check. Memory stays flat: it keeps the
tree's frontier, not the events. Ed25519 verification is the reference code of RFC 8032 section 6.
"""

import base64
import hashlib
import json
import math
import re
import sys

# ---------------------------------------------------------------------------------------------
# Ed25519 verification (RFC 8032 section 6, reference implementation)

P = 2**255 - 19
Q = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    x = (a[1] - a[0]) * (b[1] - b[0]) % P
    y = (a[1] + a[0]) * (b[1] + b[0]) % P
    c = 2 * a[3] * b[3] * D % P
    d = 2 * a[2] * b[2] % P
    e, f, g, h = y - x, d - c, d + c, y + x
    return (e * f, g * h, f * g, e * h)


def _mul(s, point):
    acc = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            acc = _add(acc, point)
        point = _add(point, point)
        s >>= 1
    return acc


def _equal(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


def _recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


def _decompress(s):
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


_GY = 4 * pow(5, P - 2, P) % P
_GX = _recover_x(_GY, 0)
G = (_GX, _GY, 1, _GX * _GY % P)


def ed25519_verify(public, message, signature):
    if len(public) != 32 or len(signature) != 64:
        return False
    a = _decompress(public)
    r = _decompress(signature[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= Q:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % Q
    return _equal(_mul(s, G), _add(r, _mul(h, a)))


# ---------------------------------------------------------------------------------------------
# Canonical JSON of an event, and its leaf hash

def _js_number(value):
    """A number as ECMAScript's Number::toString writes it (what JSON.stringify does)."""
    if isinstance(value, int) and abs(value) < 10**21:
        return str(value)
    value = float(value)
    if not math.isfinite(value):
        raise ValueError("non-finite number")
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    # repr gives the shortest digits that round-trip, as ECMAScript does: keep them, re-place the point.
    mantissa, _, exponent = repr(abs(value)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + (int(exponent) if exponent else 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    k, n = len(digits), point
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    return sign + digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))


def _js_string(value):
    for ch in value:
        if 0xD800 <= ord(ch) <= 0xDFFF:
            raise ValueError("string with a lone surrogate")
    return json.dumps(value, ensure_ascii=False)


def canonical_json(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return _js_number(value)
    if isinstance(value, str):
        return _js_string(value)
    if isinstance(value, list):
        return "[" + ",".join(canonical_json(v) for v in value) + "]"
    if isinstance(value, dict):
        # Keys sorted by UTF-16 code units, as JavaScript (and RFC 8785) sort them.
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(_js_string(k) + ":" + canonical_json(value[k]) for k in keys) + "}"
    raise ValueError("not JSON")


FIELDS = ["seq", "eventId", "at", "actor", "action", "entityType", "entityId", "data", "leafHash"]
HEX64 = re.compile(r"^[0-9a-f]{64}$")


def leaf_hash(event):
    hashed = {k: event[k] for k in FIELDS if k != "leafHash"}
    return hashlib.sha256(b"\x00" + canonical_json(hashed).encode("utf-8")).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


# ---------------------------------------------------------------------------------------------
# Checkpoint note and verifier key (C2SP signed-note, tlog-checkpoint)

class Failure(Exception):
    """A finding: exit 1."""


class CannotCheck(Exception):
    """Exit 2."""


def parse_vkey(text):
    parts = text.strip().split("+")
    if len(parts) < 3:
        raise CannotCheck("the verifier key is not <name>+<key id>+<base64 key>")
    name, key_id, key = parts[0], parts[1], "+".join(parts[2:])
    try:
        raw = base64.b64decode(key, validate=True)
    except ValueError:
        raise CannotCheck("the verifier key is not base64")
    if len(raw) != 33 or raw[0] != 1:
        raise CannotCheck("the verifier key is not an Ed25519 key")
    public = raw[1:]
    computed = hashlib.sha256(name.encode("utf-8") + b"\n\x01" + public).digest()[:4]
    if computed.hex() != key_id:
        raise CannotCheck("the verifier key's id is not the id of its name and key")
    return name, computed, public


def open_checkpoint(note, vkey):
    name, key_id, public = vkey
    if not note.endswith("\n") or "\n\n" not in note:
        raise Failure("checkpoint: not a signed note (no signature block)")
    split = note.rindex("\n\n")
    body, signatures = note[: split + 1], note[split + 2 : -1].split("\n")
    mine = []
    for line in signatures:
        m = re.match(r"^\u2014 (\S+) (\S+)$", line)
        if not m:
            raise Failure("checkpoint: a signature line is not \"\u2014 <name> <base64>\"")
        blob = base64.b64decode(m.group(2))
        if m.group(1) == name and blob[:4] == key_id:
            mine.append(blob[4:])
    if not mine:
        raise Failure("checkpoint: the checkpoint is not signed by " + name + "+" + key_id.hex())
    for signature in mine:
        if not ed25519_verify(public, body.encode("utf-8"), signature):
            raise Failure("checkpoint: the checkpoint's signature by " + name + " does not verify")
    lines = body[:-1].split("\n")
    if len(lines) < 3 or not re.match(r"^(0|[1-9][0-9]*)$", lines[1]):
        raise Failure("checkpoint: the body is not origin, tree size, root hash")
    root = base64.b64decode(lines[2], validate=True)
    if len(root) != 32:
        raise Failure("checkpoint: the root hash is not 32 bytes")
    return int(lines[1]), root


# ---------------------------------------------------------------------------------------------
# The log

def verify_log(lines, tree_size, root):
    frontier = []  # (level, hash) of the perfect subtrees the tree is made of, left to right
    count = 0
    root_at_size = hashlib.sha256(b"").digest() if tree_size == 0 else None
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n").lstrip("\ufeff") if number == 1 else line.rstrip("\r\n")
        if not line.strip():
            continue
        expected = count + 1
        try:
            event = json.loads(line)
        except ValueError as error:
            raise Failure("line %d: malformed JSON where seq %d was expected (%s)" % (number, expected, error))
        seq = event.get("seq") if isinstance(event, dict) else None
        if isinstance(seq, int) and not isinstance(seq, bool) and seq != expected:
            if seq > expected:
                what = "events %d..%d are" % (expected, seq - 1) if seq - expected > 1 else "event %d is" % expected
                raise Failure("seq %d: expected seq %d, found seq %d: %s missing or out of order (line %d)" % (expected, expected, seq, what, number))
            raise Failure("seq %d: expected seq %d, found seq %d again: an event was inserted, repeated or moved (line %d)" % (expected, expected, seq, number))
        if not isinstance(event, dict) or sorted(event) != sorted(FIELDS) or not isinstance(event.get("leafHash"), str) or not HEX64.match(event["leafHash"]):
            raise Failure("seq %d: not a valid event: the fields are not exactly %s (line %d)" % (expected, ", ".join(FIELDS), number))
        try:
            computed = leaf_hash(event)
        except ValueError as error:
            raise Failure("seq %d: not a valid event: %s (line %d)" % (expected, error, number))
        if computed.hex() != event["leafHash"]:
            raise Failure("seq %d: leaf hash mismatch: the event's content hashes to %s…, its leafHash says %s…: the event was altered (line %d)"
                          % (expected, computed.hex()[:12], event["leafHash"][:12], number))
        node = (0, computed)
        while frontier and frontier[-1][0] == node[0]:
            left = frontier.pop()
            node = (node[0] + 1, node_hash(left[1], node[1]))
        frontier.append(node)
        count += 1
        if count == tree_size:
            acc = frontier[-1][1]
            for _, h in reversed(frontier[:-1]):
                acc = node_hash(h, acc)
            root_at_size = acc
    if root_at_size is None:
        raise Failure("seq %d: missing: the events end at seq %d but the checkpoint covers %d: events were removed from the end" % (count + 1, count, tree_size))
    if root_at_size != root:
        raise Failure("checkpoint: the root of the first %d events is %s, the signed checkpoint says %s" % (tree_size, root_at_size.hex(), root.hex()))
    return tree_size


def main(argv):
    args, options = [], {}
    i = 0
    while i < len(argv):
        if argv[i] in ("--checkpoint", "--key") and i + 1 < len(argv):
            options[argv[i]] = argv[i + 1]
            i += 2
        elif argv[i].startswith("--"):
            raise CannotCheck("unknown option " + argv[i])
        else:
            args.append(argv[i])
            i += 1
    if len(args) != 1 or "--checkpoint" not in options or "--key" not in options:
        raise CannotCheck("usage: verify_audit_log.py FILE --checkpoint NOTE --key VKEY")
    key = options["--key"]
    try:
        vkey = parse_vkey(key)
    except CannotCheck:
        try:
            with open(key, encoding="utf-8") as f:
                vkey = parse_vkey(f.read())
        except OSError:
            raise CannotCheck("--key is neither a verifier key nor a readable file")
    try:
        with open(options["--checkpoint"], encoding="utf-8", newline="") as f:
            note = f.read()
    except OSError as error:
        raise CannotCheck("cannot read the checkpoint: %s" % error)
    tree_size, root = open_checkpoint(note, vkey)
    try:
        stream = sys.stdin if args[0] == "-" else open(args[0], encoding="utf-8", newline="")
    except OSError as error:
        raise CannotCheck("cannot read %s: %s" % (args[0], error))
    with stream:
        count = verify_log(stream, tree_size, root)
    return "ok %d events, root %s" % (count, root.hex())


if __name__ == "__main__":
    try:
        print(main(sys.argv[1:]))
        sys.exit(0)
    except Failure as failure:
        print("fail: " + str(failure))
        sys.exit(1)
    except (CannotCheck, OSError, UnicodeDecodeError) as error:
        print("verify_audit_log: could not check: " + str(error), file=sys.stderr)
        sys.exit(2)
