# Outgoing calls, XML and directory look-ups in a Flask app. Labels: `ruleid:`.
import ldap
import requests
from flask import Flask, request
from lxml import etree
from markupsafe import Markup, escape

app = Flask(__name__)
conn = ldap.initialize("ldaps://ldap.internal")


@app.route("/preview")
def preview():
    target = request.args["url"]
    # ruleid: tainted-ssrf
    page = requests.get(target, timeout=5)
    # Fixed host, request data only in the query string: not an SSRF.
    requests.get("https://api.acme.com/search", params={"q": request.args["q"]}, timeout=5)
    # ruleid: tainted-html, template-autoescape-disabled
    return Markup("<h1>" + request.args.get("title", "") + "</h1>") + page.text


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    # Escaped first: not a finding.
    Markup("<p>%s</p>") % escape(name)
    # ruleid: template-autoescape-disabled, tainted-html
    return Markup(f"<p>Hello {name}</p>")


@app.route("/people")
def people():
    uid = request.args["uid"]
    # ruleid: tainted-ldap-xpath
    found = conn.search_s("ou=people,dc=acme,dc=com", ldap.SCOPE_SUBTREE, "(uid=%s)" % uid)
    tree = etree.parse("users.xml")
    # ruleid: tainted-ldap-xpath
    matches = tree.xpath("//user[@name='" + request.args["name"] + "']")
    # A constant expression with a variable bound by lxml: not a finding.
    tree.xpath("//user[@name=$name]", name=request.args["name"])
    return str(found) + str(matches)


def parse_upload(data):
    # ruleid: xxe-enabled
    parser = etree.XMLParser(resolve_entities=True)
    safe = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(data, parser), safe
