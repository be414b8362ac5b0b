# Encryption helpers. Labels: `ruleid:`.
import hashlib
import random

from Crypto.Cipher import AES
# ruleid: weak-cipher-text
from Crypto.Cipher import DES3
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import algorithms, modes

# ruleid: static-iv-text
IV = b"0000000000000000"


def encrypt(key, data):
    # ruleid: ecb-mode-text
    cipher = AES.new(key, AES.MODE_ECB)
    return cipher.encrypt(data)


def encrypt_cbc(key, data):
    return AES.new(key, AES.MODE_CBC, IV).encrypt(data)


def legacy(key):
    # ruleid: weak-cipher-text
    return algorithms.TripleDES(key)


def make_key():
    # ruleid: rsa-small-key-text
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


def api_key():
    # ruleid: weak-random-secret
    api_key = "%032x" % random.getrandbits(128)
    return api_key


def login_hash(salt, password):
    # ruleid: password-weak-hash, python-weak-hash
    return hashlib.sha1(salt + password).hexdigest()


def load_cache(blob):
    import marshal
    # ruleid: tainted-deserialization
    return marshal.loads(blob)
