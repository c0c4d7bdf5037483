"""Test vectors for verified identity (docs/identity.md), made with Python's
own hmac and the `cryptography` package — an implementation independent of
ours. domain/tests/identity.rs holds this script's output as constants:
    python3 scripts/identity_vectors.py
"""
import base64, hashlib, hmac, json
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

def b64url(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

key = bytes(range(32))
other_key = bytes(range(1, 33))
secret, other_secret = b64url(key), b64url(other_key)

def claims(exp: int) -> str:
    return json.dumps({"external_id": "u-1001", "name": "王芳", "email": "wang@example.com",
                       "fields": {"plan": "gold"}, "exp": exp}, ensure_ascii=False, separators=(",", ":"))

def signed(k: bytes, text: str) -> str:
    payload = b64url(text.encode())
    return payload + "." + b64url(hmac.new(k, payload.encode(), hashlib.sha256).digest())

def sealed(k: bytes, nonce: bytes, text: str) -> str:
    return b64url(nonce + AESGCM(k).encrypt(nonce, text.encode(), None))

nonce = bytes(range(12))
good, old = claims(4102444800), claims(1700000000)  # 2100-01-01 and 2023-11-14
for name, value in [
    ("SECRET", secret), ("OTHER_SECRET", other_secret), ("CLAIMS", good),
    ("SIGNED", signed(key, good)), ("SIGNED_EXPIRED", signed(key, old)),
    ("SIGNED_OTHER_KEY", signed(other_key, good)),
    ("SEALED", sealed(key, nonce, good)), ("SEALED_EXPIRED", sealed(key, nonce, old)),
    ("SEALED_OTHER_KEY", sealed(other_key, nonce, good)),
]:
    print(f'const {name}: &str = "{value}";' if '"' not in value else f"const {name}: &str = r#\"{value}\"#;")
