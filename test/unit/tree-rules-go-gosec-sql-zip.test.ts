import { testRule, treeRule as rule } from '../helpers/ruleTester';

/**
 * gosec's SQL and zip slip samples (issue #14, `go-sql`; `scripts/eval-bandit-gosec.mjs --suites gosec`): query text
 * returned by a helper of the same file or given to a function that runs it, a whole statement taken from the request
 * on a database handle, and an archive entry's name written under a directory. Exact positions.
 */

testRule(rule('tainted-sql'), {
  valid: [
    // The helper builds SQL around its parameter, but this call passes a constant.
    { code: 'package main\nfunc buildQuery(name string) string {\n\treturn "SELECT * FROM users WHERE name = \'" + name + "\'"\n}\nfunc h(db *sql.DB) {\n\tdb.Query(buildQuery("admin"))\n}\n' },
    // A function that runs the query it is given, called only with constant text.
    { code: 'package main\nfunc run(db *sql.DB, q string) {\n\tdb.Exec(q)\n}\nfunc h(db *sql.DB) {\n\trun(db, "DELETE FROM t WHERE id = 1")\n}\n' },
    // A generic `Get` is no query; request data as a bind value of a database handle is what bind values are for.
    { code: 'package main\nfunc h(cache *Cache, r *http.Request) {\n\tcache.Get(r.FormValue("key"))\n\tdb, _ := sql.Open("pg", dsn)\n\tdb.Query("SELECT * FROM t WHERE name = $1", r.FormValue("n"))\n}\n' },
  ],
  invalid: [
    // Text built by a helper of the file, its parameter read as this call's argument.
    { code: 'package main\nfunc buildQuery(name string) string {\n\treturn "SELECT * FROM users WHERE name = \'" + name + "\'"\n}\nfunc h(db *sql.DB, r *http.Request) {\n\tquery := buildQuery(r.FormValue("name"))\n\tdb.Query(query)\n}\n', errors: [{ line: 7, column: 11, endColumn: 16, message: 'request data' }] },
    // A variadic parameter stands for every argument from its place (`ids ...string`).
    { code: 'package main\nfunc in(table string, ids ...string) string {\n\treturn "SELECT * FROM " + table + " WHERE id IN (" + strings.Join(ids, ",") + ")"\n}\nfunc h(db *sql.DB, r *http.Request) {\n\tdb.Query(in("users", "1", r.FormValue("id")))\n}\n', errors: [{ line: 6, column: 11, endColumn: 46, message: 'request data' }] },
    // The query a runner is given, built by its caller from the request: reported where it runs.
    { code: 'package main\nfunc run(db *sql.DB, q string) {\n\tdb.Exec(q)\n}\nfunc h(db *sql.DB, r *http.Request) {\n\trun(db, "DELETE FROM t WHERE id = " + r.FormValue("id"))\n}\n', errors: [{ line: 3, column: 10, endColumn: 11, message: 'request data' }] },
    // A whole statement from the request kept in a struct field, or returned with an error by a constructor.
    { code: 'package main\ntype Q struct {\n\tSQL string\n}\nfunc h(db *sql.DB, r *http.Request) {\n\tq := &Q{SQL: r.FormValue("q")}\n\tdb.Query(q.SQL)\n}\n', errors: [{ line: 7, column: 11, endColumn: 16, message: 'comes whole from request data' }] },
    { code: 'package main\nfunc newCfg(v string) (*Cfg, error) {\n\treturn &Cfg{V: v}, nil\n}\nfunc h(db *sql.DB, r *http.Request) {\n\tcfg, _ := newCfg(r.FormValue("q"))\n\tdb.Query(cfg.V)\n}\n', errors: [{ line: 7, column: 11, endColumn: 16, message: 'comes whole from request data' }] },
    // After a context, the statement is the second argument.
    { code: 'package main\nfunc h(ctx context.Context, db *sql.DB, r *http.Request) {\n\tdb.QueryContext(ctx, r.FormValue("q"))\n}\n', errors: [{ line: 3, column: 23, endColumn: 39, message: 'comes whole from request data' }] },
    // A local holding constant text, added to again: the text is read through it.
    { code: 'package main\nfunc f(db *sql.DB) {\n\tquery := "SELECT * FROM album WHERE id = "\n\tquery = query + os.Args[1]\n\tdb.Query(query)\n}\n', errors: [{ line: 5, column: 11, endColumn: 16, message: 'unknown origin' }] },
  ],
}, 'a.go');

testRule(rule('tainted-path'), {
  valid: [
    // Checked with filepath.IsLocal, kept under the target by a prefix check, or reduced to its last element.
    { code: 'package unzip\nimport (\n\t"archive/tar"\n\t"archive/zip"\n\t"errors"\n\t"io"\n\t"os"\n\t"path/filepath"\n\t"strings"\n)\nfunc safeLocal(r *zip.Reader, target string) error {\n\tfor _, f := range r.File {\n\t\tif !filepath.IsLocal(f.Name) {\n\t\t\treturn errors.New("bad name")\n\t\t}\n\t\tout, _ := os.Create(filepath.Join(target, f.Name))\n\t\tout.Close()\n\t}\n\treturn nil\n}\n' },
    { code: 'package unzip\nimport (\n\t"archive/tar"\n\t"archive/zip"\n\t"errors"\n\t"io"\n\t"os"\n\t"path/filepath"\n\t"strings"\n)\nfunc safePrefix(archive, target string) error {\n\treader, _ := zip.OpenReader(archive)\n\tfor _, file := range reader.File {\n\t\tpath := filepath.Join(target, file.Name)\n\t\tif !strings.HasPrefix(filepath.Clean(path), filepath.Clean(target)+string(os.PathSeparator)) {\n\t\t\treturn errors.New("bad name")\n\t\t}\n\t\tout, _ := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0600)\n\t\tout.Close()\n\t}\n\treturn nil\n}\n' },
    { code: 'package unzip\nimport (\n\t"archive/tar"\n\t"archive/zip"\n\t"errors"\n\t"io"\n\t"os"\n\t"path/filepath"\n\t"strings"\n)\nfunc safeBase(tr *tar.Reader, target string) error {\n\tfor {\n\t\thdr, err := tr.Next()\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\tout, _ := os.Create(filepath.Join(target, filepath.Base(hdr.Name)))\n\t\tio.Copy(out, tr)\n\t}\n}\n' },
    // `os.File`'s `Name()` is the name the program opened it by, no archive entry.
    { code: 'package unzip\nimport (\n\t"archive/tar"\n\t"archive/zip"\n\t"errors"\n\t"io"\n\t"os"\n\t"path/filepath"\n\t"strings"\n)\nfunc notAnEntry(f *os.File, target string) {\n\tos.Create(filepath.Join(target, f.Name()))\n}\n' },
  ],
  invalid: [
    { code: 'package unzip\nimport (\n\t"archive/tar"\n\t"archive/zip"\n\t"errors"\n\t"io"\n\t"os"\n\t"path/filepath"\n\t"strings"\n)\nfunc unsafeTar(in io.Reader, target string) error {\n\ttr := tar.NewReader(in)\n\tfor {\n\t\thdr, err := tr.Next()\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\tout, _ := os.Create(filepath.Join(target, hdr.Name))\n\t\tio.Copy(out, tr)\n\t}\n}\n', errors: [{ line: 18, column: 23, endColumn: 54, message: 'archive entry' }] },
    { code: 'package unzip\nimport (\n\t"archive/tar"\n\t"archive/zip"\n\t"errors"\n\t"io"\n\t"os"\n\t"path/filepath"\n\t"strings"\n)\nfunc whole(archive string) {\n\tr, _ := zip.OpenReader(archive)\n\tfor _, f := range r.File {\n\t\tout, _ := os.Create(f.Name)\n\t\tout.Close()\n\t}\n}\n', errors: [{ line: 14, column: 23, endColumn: 29, message: 'archive entry' }] },
    { code: 'package unzip\nimport (\n\t"archive/tar"\n\t"archive/zip"\n\t"errors"\n\t"io"\n\t"os"\n\t"path/filepath"\n\t"strings"\n)\nfunc one(f *zip.File, dest string) {\n\tpath := filepath.Join(dest, f.Name)\n\tos.WriteFile(path, nil, 0600)\n}\n', errors: [{ line: 13, column: 15, endColumn: 19, message: 'archive entry' }] },
  ],
}, 'a.go');
