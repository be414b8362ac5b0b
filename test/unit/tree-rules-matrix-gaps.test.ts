import { testRule, treeRule as rule } from '../helpers/ruleTester';

/**
 * What issue #14's guidance matrix (`guidance-matrix.test.ts`) found missing, each as a table.
 *
 * MongoDB injection in the six tree-sitter languages (the NoSQL cells): request data
 * reaching a filter (an operator in place of a value), a filter parsed from request text, or a `$where`
 * script built from it. Values converted to strings, values of unknown origin and files without a
 * MongoDB driver are silent.
 */
testRule(rule('tainted-nosql'), {
  valid: [
    // No MongoDB driver in the file: `find` is someone else's.
    { code: "def f():\n    return db.items.find(request.get_json())\n", path: 'a.py' },
    // A value of unknown origin: only request data is reported.
    { code: "import pymongo\ndef f(name):\n    return db.items.find({\"name\": name})\n", path: 'a.py' },
    // Every value converted to a string: no operator can get in.
    { code: "import pymongo\ndef f():\n    return db.items.find({\"name\": str(request.json[\"name\"]), \"age\": 3})\n", path: 'a.py' },
    // Go form values are strings: not operators.
    { code: "package main\nimport \"go.mongodb.org/mongo-driver/bson\"\nfunc f(w http.ResponseWriter, r *http.Request) {\n\tcoll.FindOne(ctx, bson.M{\"name\": r.FormValue(\"name\")})\n}\n", path: 'a.go' },
    // A string parameter as a value.
    { code: "import com.mongodb.BasicDBObject;\nclass A {\n  void f(HttpServletRequest request) {\n    coll.find(new BasicDBObject(\"name\", request.getParameter(\"n\")));\n  }\n}\n", path: 'A.java' },
    // Converted to a string first.
    { code: "class User\n  include Mongoid::Document\n  def self.lookup(params)\n    User.collection.find(name: params[:name].to_s).first\n  end\nend\n", path: 'a.rb' },
    // Flask query values are strings; an ObjectId is an id.
    { code: "from bson import ObjectId\nimport pymongo\ndef f():\n    db.items.find_one({\"_id\": ObjectId(request.args[\"id\"])})\n    return db.items.find_one({\"name\": request.args[\"name\"]})\n", path: 'a.py' },
    // Mongoid `find(id)`: a plain argument is an id, not a filter.
    { code: "class UsersController < ApplicationController\n  include Mongoid::Document\n  def show\n    @u = User.find(params[:id])\n  end\nend\n", path: 'a.rb' },
  ],
  invalid: [
    // A `$where` script built from request data.
    { code: "import pymongo\ndef f():\n    q = request.args[\"q\"]\n    return db.items.find({\"$where\": \"this.owner == '\" + q + \"'\"})\n", path: 'a.py', errors: [{ line: 4, column: 26, endLine: 4, endColumn: 65, severity: 'error' }] },
    // The whole filter from the JSON body.
    { code: "import pymongo\ndef f():\n    return db.items.find(request.get_json())\n", path: 'a.py', errors: [{ line: 3, column: 26, endLine: 3, endColumn: 44, severity: 'error' }] },
    // `filter[name][$ne]=` in the query string is an array.
    { code: "<?php\n$c = (new MongoDB\\Client)->app->users;\n$c->find($_GET['filter']);\n", path: 'a.php', errors: [{ line: 3, column: 10, endLine: 3, endColumn: 25, severity: 'error' }] },
    // A filter parsed from request text.
    { code: "package main\nimport \"go.mongodb.org/mongo-driver/bson\"\nfunc f(w http.ResponseWriter, r *http.Request) {\n\tvar filter bson.M\n\tbson.UnmarshalExtJSON([]byte(r.FormValue(\"q\")), true, &filter)\n}\n", path: 'a.go', errors: [{ line: 5, column: 31, endLine: 5, endColumn: 47, severity: 'error' }] },
    // A `$where` script built from a request parameter.
    { code: "import com.mongodb.BasicDBObject;\nclass A {\n  void f(HttpServletRequest request) {\n    coll.find(new BasicDBObject(\"$where\", \"this.name == '\" + request.getParameter(\"n\") + \"'\"));\n  }\n}\n", path: 'A.java', errors: [{ line: 4, column: 43, endLine: 4, endColumn: 93, severity: 'error' }] },
    // The same in the .NET driver.
    { code: "using MongoDB.Bson;\nclass A : Controller {\n  public void F() {\n    var q = new BsonDocument(\"$where\", \"this.name == '\" + Request.Query[\"n\"] + \"'\");\n  }\n}\n", path: 'A.cs', errors: [{ line: 4, column: 40, endLine: 4, endColumn: 83, severity: 'error' }] },
    // A Rails parameter can be a hash: an operator in the filter.
    { code: "class User\n  include Mongoid::Document\n  def self.lookup(params)\n    User.collection.find(\"name\" => params[:name]).first\n  end\nend\n", path: 'a.rb', errors: [{ line: 4, column: 36, endLine: 4, endColumn: 49, severity: 'error' }] },
    // A hash literal given as the filter.
    { code: "class UsersController < ApplicationController\n  include Mongoid::Document\n  def show\n    @v = coll.find({ \"name\" => params[:name] })\n  end\nend\n", path: 'a.rb', errors: [{ line: 4, column: 20, endLine: 4, endColumn: 47, severity: 'error' }] },
  ],
}, 'a.py');

// Ruby `File.write(path, content)`: only the path is a path.
testRule(rule('tainted-path'), {
  valid: [
    // What is written is request data, where it goes is not.
    { code: "class A < ApplicationController\n  def show\n    File.write(\"public/uploads/#{SecureRandom.uuid}.pdf\", params[:doc].read)\n    IO.binwrite(\"tmp/out.bin\", request.body.read)\n  end\nend\n", path: 'a.rb' },
  ],
  invalid: [
    // The path written to is request data; its content is not a path.
    { code: "class A < ApplicationController\n  def show\n    File.write(\"log/#{params[:name]}.txt\", params[:body])\n  end\nend\n", path: 'a.rb', errors: [{ line: 3, column: 16, endLine: 3, endColumn: 42, severity: 'error' }] },
  ],
}, 'a.rb');

// A YAML loader that builds any object, called with the document alone: the fix is the safe loader.
testRule(rule('tainted-deserialization'), {
  valid: [
    { code: "import yaml\nfrom flask import request\ndef f():\n    return yaml.safe_load(request.data)\n", path: 'a.py' },
  ],
  invalid: [
    { code: "import yaml\nfrom flask import request\ndef f():\n    return yaml.load(request.data)\n", path: 'a.py', errors: [{ line: 4, column: 22, endLine: 4, endColumn: 34, severity: 'error' }], output: "import yaml\nfrom flask import request\ndef f():\n    return yaml.safe_load(request.data)\n" },
    // Of unknown origin: a warning, with the same fix.
    { code: "import yaml\ndef f(text):\n    return yaml.unsafe_load(text)\n", path: 'a.py', errors: [{ line: 3, column: 29, endLine: 3, endColumn: 33, severity: 'warning' }], output: "import yaml\ndef f(text):\n    return yaml.safe_load(text)\n" },
    // A Loader given: no mechanical fix (`safe_load` takes none).
    { code: "import yaml\nfrom flask import request\ndef f():\n    return yaml.load(request.data, Loader=yaml.Loader)\n", path: 'a.py', errors: [{ line: 4, column: 22, endLine: 4, endColumn: 34, severity: 'error' }], output: "import yaml\nfrom flask import request\ndef f():\n    return yaml.load(request.data, Loader=yaml.Loader)\n" },
    { code: "class A < ApplicationController\n  def show\n    @doc = YAML.load(params[:doc])\n  end\nend\n", path: 'a.rb', errors: [{ line: 3, column: 22, endLine: 3, endColumn: 34, severity: 'error' }], output: "class A < ApplicationController\n  def show\n    @doc = YAML.safe_load(params[:doc])\n  end\nend\n" },
  ],
}, 'a.py');
