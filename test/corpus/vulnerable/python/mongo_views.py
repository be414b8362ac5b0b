from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
users = MongoClient("mongodb://db:27017").app.users


@app.route("/login", methods=["POST"])
def login():
    body = request.get_json()
    # ruleid: tainted-nosql
    user = users.find_one({"name": body["name"], "token": body["token"]})
    return {"ok": user is not None}


@app.route("/search")
def search():
    # Query values are strings: they cannot be operators.
    return {"n": users.count_documents({"name": request.args["name"]})}
