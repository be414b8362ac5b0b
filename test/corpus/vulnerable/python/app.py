# A Flask service with the mistakes the insecure-pattern rules look for. Labels: `ruleid:`.
import hashlib
import logging
import os
import pickle
import random
import ssl
import subprocess
import traceback

import jwt
import requests
import yaml
from flask import Flask, jsonify, redirect, request, send_file
from flask_cors import CORS
from jinja2 import Environment, FileSystemLoader

app = Flask(__name__)
log = logging.getLogger(__name__)
# ruleid: cors-credentials-any-origin
CORS(app, origins="*", supports_credentials=True)
# ruleid: template-autoescape-disabled
env = Environment(loader=FileSystemLoader("templates"), autoescape=False)

# ruleid: plaintext-url-in-code
PAYMENTS_API = "http://api.acme-payments.com/v1"
# ruleid: plaintext-url-in-code
UPLOADS = 'ftp://files.acme-partners.net/incoming'


def charge(amount):
    # ruleid: tls-verify-off
    return requests.post(PAYMENTS_API + "/charges", json={"amount": amount}, verify=False)


def legacy_context():
    ctx = ssl.create_default_context()
    # ruleid: tls-verify-off
    ctx.check_hostname = False
    # ruleid: tls-verify-off
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def old_protocol():
    # ruleid: insecure-tls-protocol
    return ssl.SSLContext(ssl.PROTOCOL_TLSv1)


@app.route("/users")
def users():
    db = get_db()
    name = request.args.get("name")
    # ruleid: tainted-sql
    rows = db.execute(f"SELECT * FROM users WHERE name = '{name}'").fetchall()
    # ruleid: tainted-sql
    db.execute("DELETE FROM audit WHERE user = '%s'" % name)
    # ruleid: tainted-sql
    db.execute("UPDATE users SET seen = 1 WHERE name = '{}'".format(name))
    return jsonify(rows)


@app.route("/ping")
def ping():
    host = request.args["host"]
    # ruleid: tainted-command
    os.system(f"ping -c 1 {host}")
    # ruleid: tainted-command
    out = subprocess.check_output("nslookup " + host, shell=True)
    # ruleid: tainted-command
    os.popen("traceroute " + host).read()
    return out


@app.route("/calc")
def calc():
    # ruleid: tainted-code
    value = eval(request.args.get("expr"))
    code = request.form["code"]
    # ruleid: tainted-code
    exec(code)
    # ruleid: tainted-code
    total = eval(f"{request.args['a']} + {request.args['b']}")
    return str(value + total)


@app.route("/next")
def go_next():
    # ruleid: tainted-redirect
    return redirect(request.args.get("next"))


@app.route("/file")
def read_file():
    # ruleid: tainted-path
    with open(request.args["path"]) as f:
        return f.read()


@app.route("/export")
def export():
    # ruleid: tainted-path
    return send_file(request.args.get("name"))


@app.route("/session", methods=["POST"])
def restore_session():
    # ruleid: tainted-deserialization
    state = pickle.loads(request.data)
    return jsonify(state)


def load_model(path):
    with open(path, "rb") as f:
        # ruleid: tainted-deserialization
        return pickle.load(f)


def load_config(text):
    # ruleid: tainted-deserialization
    return yaml.load(text)


def load_config_2(stream):
    # ruleid: tainted-deserialization
    return yaml.load(stream, Loader=yaml.Loader)


def load_config_3(stream):
    # ruleid: tainted-deserialization
    return yaml.unsafe_load(stream)


def store_password(password):
    # ruleid: password-weak-hash
    return hashlib.sha256(password.encode()).hexdigest()


def etag(body):
    # ruleid: python-weak-hash
    return hashlib.md5(body).hexdigest()


def signature(key, msg):
    # ruleid: python-weak-hash
    return hashlib.sha1(key + msg).hexdigest()


def legacy_digest(data):
    # ruleid: python-weak-hash
    h = hashlib.new("md5")
    h.update(data)
    return h.hexdigest()


def derive(password, salt):
    # ruleid: pbkdf2-low-iterations-text
    return hashlib.pbkdf2_hmac("sha256", password, salt, 1000)


def reset_token():
    # ruleid: weak-random-secret
    token = "".join(random.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(32))
    return token


def decode(token):
    # ruleid: jwt-verification-disabled
    return jwt.decode(token, options={"verify_signature": False})


def login(username, password):
    # ruleid: secret-logged
    log.info("login attempt %s %s", username, password)


@app.errorhandler(Exception)
def on_error(e):
    # ruleid: stack-trace-to-client
    return jsonify(error=traceback.format_exc()), 500


app.config.update(
    SECRET_KEY=os.environ["SECRET_KEY"],
)
# ruleid: cookie-flags-off
SESSION_COOKIE_SECURE = False

if __name__ == "__main__":
    # ruleid: debug-mode-on
    app.run(host="0.0.0.0", debug=True)
