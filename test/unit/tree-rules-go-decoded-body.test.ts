import { testRule, treeRule as rule } from '../helpers/ruleTester';

/**
 * Go: a request body decoded or bound into a variable through its address (`LanguageSpec.fills`):
 * `json.NewDecoder(r.Body).Decode(&v)`, `json.Unmarshal(body, &v)`, Gin's `c.ShouldBindJSON(&v)`. The
 * variable then holds request data. Whole, as a MongoDB filter, a map (`bson.M`, `map[string]interface{}`)
 * takes the client's operators (`{"password": {"$ne": ""}}`); a struct holds only its fields.
 */
const MONGO = 'package main\nimport (\n\t"encoding/json"\n\t"go.mongodb.org/mongo-driver/bson"\n\t"go.mongodb.org/mongo-driver/mongo"\n)\n';
const handler = (body: string) => `${MONGO}func search(w http.ResponseWriter, r *http.Request) {\n${body}\n}\n`;

testRule(rule('tainted-nosql'), {
  valid: [
    // A struct decoded from the body: its fields, not operators.
    { code: handler('\tvar q Query\n\tjson.NewDecoder(r.Body).Decode(&q)\n\tusers.Find(r.Context(), q)'), path: 'a.go' },
    // A map never filled from the request.
    { code: handler('\tvar filter bson.M\n\tusers.Find(r.Context(), filter)'), path: 'a.go' },
    // Decoded from a file, not the request.
    { code: `${MONGO}func load(f *os.File) {\n\tvar filter bson.M\n\tjson.NewDecoder(f).Decode(&filter)\n\tusers.Find(ctx, filter)\n}\n`, path: 'a.go' },
    // No MongoDB driver in the file.
    { code: 'package main\nfunc search(w http.ResponseWriter, r *http.Request) {\n\tvar filter map[string]interface{}\n\tjson.NewDecoder(r.Body).Decode(&filter)\n\tstore.Find(r.Context(), filter)\n}\n', path: 'a.go' },
  ],
  invalid: [
    // The brief's shape: `var filter bson.M` decoded from the body.
    { code: handler('\tvar filter bson.M\n\tjson.NewDecoder(r.Body).Decode(&filter)\n\tcur, _ := users.Find(r.Context(), filter)\n\t_ = cur'), path: 'a.go', errors: [{ line: 10, column: 36, endLine: 10, endColumn: 42, severity: 'error' }] },
    // `map[string]interface{}`, the error checked, FindOne.
    { code: handler('\tfilter := map[string]interface{}{}\n\tif err := json.NewDecoder(r.Body).Decode(&filter); err != nil {\n\t\treturn\n\t}\n\tusers.FindOne(r.Context(), filter)'), path: 'a.go', errors: [{ line: 12, column: 29, endLine: 12, endColumn: 35, severity: 'error' }] },
    // A decoder held in a variable; `map[string]any`; DeleteMany.
    { code: handler('\tdec := json.NewDecoder(r.Body)\n\tf := make(map[string]any)\n\tdec.Decode(&f)\n\tusers.DeleteMany(r.Context(), f)'), path: 'a.go', errors: [{ line: 11, column: 32, endLine: 11, endColumn: 33, severity: 'error' }] },
    // The body read whole, then unmarshalled.
    { code: handler('\tbody, _ := io.ReadAll(r.Body)\n\tvar m bson.M\n\tjson.Unmarshal(body, &m)\n\tusers.Find(r.Context(), m)'), path: 'a.go', errors: [{ line: 11, column: 26, endLine: 11, endColumn: 27, severity: 'error' }] },
    // Gin binding.
    { code: `${MONGO}func search(c *gin.Context) {\n\tvar filter bson.M\n\tc.ShouldBindJSON(&filter)\n\tusers.Find(c, filter)\n}\n`, path: 'a.go', errors: [{ line: 10, column: 16, endLine: 10, endColumn: 22, severity: 'error' }] },
  ],
}, 'a.go');

testRule(rule('tainted-sql'), {
  valid: [
    // Decoded from a file: a struct of unknown origin, used as a bind parameter.
    { code: 'package main\nfunc load(f *os.File) {\n\tvar q Query\n\tjson.NewDecoder(f).Decode(&q)\n\tdb.Query("SELECT * FROM users WHERE name = $1", q.Name)\n}\n', path: 'a.go' },
  ],
  invalid: [
    // A field of a struct decoded from the body, built into SQL: request data (before: unknown origin).
    { code: 'package main\nfunc search(w http.ResponseWriter, r *http.Request) {\n\tvar q Query\n\tjson.NewDecoder(r.Body).Decode(&q)\n\tdb.Query("SELECT * FROM users WHERE name = \'" + q.Name + "\'")\n}\n', path: 'a.go', errors: [{ line: 5, column: 11, endLine: 5, endColumn: 62, severity: 'error' }] },
  ],
}, 'a.go');
