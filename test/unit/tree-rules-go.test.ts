import { testRule, treeRule as rule } from '../helpers/ruleTester';

/**
 * Go recall (issue #14, `lang-go`): each cause found among the misses of semgrep's labelled Go tests and
 * of the gosec samples (`scripts/eval-languages.mjs --langs go`, `scripts/eval-bandit-gosec.mjs`), as a
 * valid / invalid case with exact positions.
 */

testRule(rule('tainted-command'), {
  valid: [
    // `exec.Cmd` with a fixed program and fixed arguments; a context is not a command.
    { code: 'package main\nimport "os/exec"\nfunc f(s string) {\n\tp, _ := exec.LookPath("go")\n\tcmd := &exec.Cmd{Path: p, Args: []string{p, "version"}, Stdout: os.Stdout}\n\tcmd.Run()\n}' },
    { code: 'package main\nfunc f() {\n\tctx, cancel := context.WithTimeout(context.Background(), time.Second)\n\tdefer cancel()\n\texec.CommandContext(ctx, "go", "version").Run()\n}' },
    // argv[0] only names the program that runs; an argument of unknown origin to a fixed program is no command line.
    { code: 'package main\nimport "os/exec"\nfunc f(userInput string) {\n\tbinary, _ := exec.LookPath("ls")\n\targs := []string{userInput, "-a"}\n\tsyscall.Exec(binary, args, nil)\n}' },
    // The environment handed to the new process is not its command line.
    { code: 'package main\nimport "os/exec"\nfunc f() {\n\tbinary, _ := exec.LookPath("ls")\n\targs := []string{"ls", "-a"}\n\tenv := os.Environ()\n\tsyscall.Exec(binary, args, env)\n}' },
    // A wrapper named after the call it makes is the call's own interface: its callers are checked.
    { code: 'package main\nfunc Command(name string, arg ...string) *exec.Cmd {\n\treturn exec.Command(name, arg...)\n}' },
  ],
  invalid: [
    // `exec.Cmd{Path: …, Args: …}` runs Path with Args, as a call would.
    { code: 'package main\nfunc f(userInput string) {\n\tcmdPath := userInput\n\tcmd := &exec.Cmd{\n\t\tPath: cmdPath,\n\t\tArgs: []string{"foo"},\n\t}\n\tcmd.Start()\n}', errors: [{ line: 5, column: 9, endColumn: 16, message: 'unknown origin' }] },
    { code: 'package main\nimport "os/exec"\nfunc f(userInput string) {\n\tsh, _ := exec.LookPath("bash")\n\tcmd := &exec.Cmd{Path: sh, Args: []string{sh, "-c", userInput}}\n\tcmd.Start()\n}', errors: [{ line: 5, column: 35, endColumn: 64, message: 'unknown origin' }] },
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tcmd := exec.Cmd{Path: r.FormValue("p")}\n\tcmd.Run()\n}', errors: [{ line: 3, column: 24, endColumn: 40, message: 'request data' }] },
    // The program named by the function's caller; after a context, the program is the second argument.
    { code: 'package main\nfunc runCommand(userInput string) {\n\texec.Command(userInput, "foobar").Run()\n}', errors: [{ line: 3, column: 15, endColumn: 24, message: 'unknown origin' }] },
    { code: 'package main\nfunc f(ctx context.Context, userInput string) {\n\texec.CommandContext(ctx, userInput, "5").Run()\n}', errors: [{ line: 3, column: 27, endColumn: 36 }] },
    // syscall.Exec: the program found from a caller's name, or an argv list built from it.
    { code: 'package main\nfunc f(userInput string) {\n\tbinary, _ := exec.LookPath(userInput)\n\tsyscall.Exec(binary, []string{"ls"}, os.Environ())\n}', errors: [{ line: 4, column: 15, endColumn: 21, message: 'unknown origin' }] },
    { code: 'package main\nimport "os/exec"\nfunc f(command string) {\n\tsyscall.StartProcess(command, []string{}, nil)\n}', errors: [{ line: 4, column: 23, endColumn: 30, message: 'unknown origin' }] },
    { code: 'package main\nimport "os/exec"\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tbinary, _ := exec.LookPath("ls")\n\targs := []string{"ls", r.FormValue("a")}\n\tsyscall.Exec(binary, args, nil)\n}', errors: [{ line: 6, column: 23, endColumn: 27, message: 'request data' }] },
  ],
}, 'a.go');

testRule(rule('tainted-sql'), {
  valid: [
    // Literals joined over lines with a value of another package, nothing from the request, no SQL text: no shape.
    { code: 'package main\nfunc f() {\n\tdb.Query("SELECT a " +\n\t\t"FROM t " +\n\t\t"WHERE b = 1")\n}' },
    { code: 'package main\nfunc f(a, b string) {\n\tlog.Print(a + " and " + b)\n\tdb.Exec(a + " or more")\n}' },
  ],
  invalid: [
    // A Lambda handler's API Gateway event is the request.
    { code: 'package main\nfunc handler(request events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {\n\tname := request.QueryStringParameters["name"]\n\tdb.Query("SELECT * FROM t WHERE n = \'" + name + "\'")\n}', errors: [{ line: 4, column: 11, message: 'request data' }] },
    // A query split over several literals keeps its text: it reads as SQL.
    { code: 'package main\nfunc handler(request events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {\n\tq := request.Body\n\tdb.Query("select e.no " +\n\t\t"from e " +\n\t\t"where e.name LIKE \'" + q + "%\'")\n}', errors: [{ line: 4, column: 11, endLine: 6, endColumn: 35, message: 'request data' }] },
    // A condition glued after a dynamic start.
    { code: 'package main\nfunc f(username string) {\n\tquery := username + " AND name = 1"\n\tdb.Exec(query)\n}', errors: [{ line: 4, column: 10, endColumn: 15, message: 'unknown origin' }] },
    { code: 'package main\nfunc f(username string) {\n\tdb.Exec(fmt.Sprintf("%s AND INSERT into users (a) VALUES (1)", username))\n}', errors: [{ line: 3, column: 10, message: 'unknown origin' }] },
  ],
}, 'a.go');

testRule(rule('tainted-path'), {
  valid: [
    // Cleaning a rooted path drops every `..`.
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tname := path.Clean("/" + r.URL.Path)\n\tos.Open(name)\n}' },
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tos.Open(filepath.Base(r.FormValue("f")))\n}' },
  ],
  invalid: [
    // Cleaning a relative path keeps the `..` at its start.
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tname := filepath.Clean(r.URL.Query().Get("file"))\n\tos.Open(name)\n}', errors: [{ line: 4, column: 10, endColumn: 14, message: 'request data' }] },
  ],
}, 'a.go');

testRule(rule('tainted-ssrf'), {
  valid: [
    // fmt.Fprintf returns a byte count: no request data reaches the URL.
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tn, _ := fmt.Fprintf(w, "http://%s", r.FormValue("h"))\n\thttp.Get(fmt.Sprint(n))\n}' },
  ],
  invalid: [
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\thttp.Get(fmt.Sprintf("http://%s", r.FormValue("h")))\n}', errors: [{ line: 3, column: 11, message: 'request data' }] },
  ],
}, 'a.go');

testRule(rule('tainted-code'), {
  valid: [
    // url.Parse and time.Parse parse data, not templates.
    { code: 'package main\n// template\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tu, _ := url.Parse(r.FormValue("u"))\n\t_ = u\n}' },
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\ttext := fmt.Sprintf("<p>{{ .Email }} %s</p>", "fixed")\n\ttmpl, _ := template.New("x").Parse(text)\n\ttmpl.Execute(w, nil)\n}' },
  ],
  invalid: [
    // Template text built from the request, reported where it is built (the fix goes there).
    {
      code: 'package main\nfunc h(w http.ResponseWriter, req *http.Request) {\n\tquery := req.URL.Query().Get("q")\n\tvar text = fmt.Sprintf(`<p>{{ .Email }} %s</p>`, query)\n\ttmpl := template.New("hello")\n\ttmpl, err := tmpl.Parse(text)\n\ttmpl.Execute(w, nil)\n}',
      errors: [{ line: 4, column: 13, endColumn: 57, message: 'request data' }],
    },
    // Not a local bound once: at the argument.
    { code: 'package main\nfunc h(w http.ResponseWriter, req *http.Request) {\n\ttemplate.Must(template.New("x").Parse(req.FormValue("t")))\n}', errors: [{ line: 3, column: 40, endColumn: 58 }] },
  ],
}, 'a.go');

testRule(rule('tainted-html'), {
  valid: [
    // html/template escapes; text/template rendering into a file is not a response.
    { code: 'package main\nimport (\n\t"net/http"\n\t"html/template"\n)\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tt.Execute(w, r.FormValue("x"))\n}' },
    { code: 'package main\nimport (\n\t"os"\n\t"text/template"\n)\nfunc gen(out *os.File) {\n\tt.Execute(out, data)\n}' },
  ],
  invalid: [
    {
      code: 'package main\nimport (\n\t"net/http"\n\t"text/template"\n)\nfunc main() {\n\ttmpl := template.Must(template.ParseFiles("index.html"))\n\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {\n\t\ttmpl.Execute(w, data)\n\t})\n}',
      errors: [{ line: 4, column: 2, endColumn: 17, message: 'does not escape HTML' }],
      output: 'package main\nimport (\n\t"net/http"\n\t"html/template"\n)\nfunc main() {\n\ttmpl := template.Must(template.ParseFiles("index.html"))\n\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {\n\t\ttmpl.Execute(w, data)\n\t})\n}',
    },
  ],
}, 'a.go');

testRule(rule('debug-mode-on'), {
  valid: [
    // pprof on the default mux served on loopback only, or a mux of its own; no pprof import.
    { code: 'package main\nimport (\n\t"net/http"\n\t_ "net/http/pprof"\n)\nfunc main() {\n\thttp.ListenAndServe("localhost:6060", nil)\n\thttp.ListenAndServe("127.0.0.1:6060", nil)\n\thttp.ListenAndServe(":8080", mux)\n}' },
    { code: 'package main\nimport "net/http"\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}' },
  ],
  invalid: [
    {
      code: 'package main\nimport (\n\t"net/http"\n\t_ "net/http/pprof"\n)\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n\thttp.ListenAndServeTLS("0.0.0.0:443", "c.pem", "k.pem", nil)\n}',
      errors: [{ line: 7, column: 22, endColumn: 29, message: 'pprof' }, { line: 8, column: 25, endColumn: 38 }],
    },
  ],
}, 'a.go');

testRule(rule('xxe-enabled'), {
  valid: [
    { code: 'package main\nimport "github.com/lestrrat-go/libxml2/parser"\nfunc f(s string) {\n\tp := parser.New()\n\tp.ParseString(s)\n}' },
  ],
  invalid: [
    { code: 'package main\nimport "github.com/lestrrat-go/libxml2/parser"\nfunc f(s string) {\n\tp := parser.New(parser.XMLParseNoEnt)\n\tp.ParseString(s)\n}', errors: [{ line: 4, column: 18, endColumn: 38, message: 'XMLParseNoEnt' }] },
  ],
}, 'a.go');

testRule(rule('weak-random-secret'), {
  valid: [
    // crypto/rand's Read fills a key from the CSPRNG.
    { code: 'package main\nimport "crypto/rand"\nfunc generateKey() []byte {\n\tkey := make([]byte, 32)\n\trand.Read(key)\n\treturn key\n}' },
  ],
  invalid: [
    // math/rand under another name, and math/rand/v2's names.
    { code: 'package main\nimport mrand "math/rand"\nfunc newToken() int64 {\n\ttoken := mrand.Int63()\n\treturn token\n}', errors: [{ line: 4, column: 11, endColumn: 24 }] },
    { code: 'package main\nimport "math/rand/v2"\nfunc f() {\n\tsessionID := rand.Int64()\n\t_ = sessionID\n}', errors: [{ line: 4, column: 15, endColumn: 27 }] },
  ],
}, 'a.go');

/** Static IV / nonce (gosec G407): the encrypting call's IV is the same bytes every run. */
testRule(rule('static-iv'), {
  valid: [
    // Filled from crypto/rand, directly, through a slice of the buffer, or by a local helper that reads into it.
    { code: 'package main\nfunc f(gcm cipher.AEAD, msg []byte) []byte {\n\tnonce := make([]byte, gcm.NonceSize())\n\tif _, err := io.ReadFull(rand.Reader, nonce); err != nil {\n\t\tpanic(err)\n\t}\n\treturn gcm.Seal(nonce, nonce, msg, nil)\n}' },
    { code: 'package main\nfunc f(block cipher.Block, msg []byte) {\n\tout := make([]byte, aes.BlockSize+len(msg))\n\tiv := out[:aes.BlockSize]\n\tio.ReadFull(rand.Reader, iv)\n\tcipher.NewCFBEncrypter(block, out[:aes.BlockSize]).XORKeyStream(out[aes.BlockSize:], msg)\n}' },
    { code: 'package main\nfunc fill(b []byte) { rand.Read(b) }\nfunc f(block cipher.Block) {\n\tiv := []byte("1234567890123456")\n\tfill(iv)\n\tcipher.NewCTR(block, iv)\n}' },
    // A call the file cannot see may fill it; a value read from elsewhere is not constant.
    { code: 'package main\nfunc f(r io.Reader, block cipher.Block) {\n\tiv := make([]byte, 16)\n\tr.Read(iv)\n\tcipher.NewCTR(block, iv)\n}' },
    { code: 'package main\nfunc f(block cipher.Block) {\n\tiv, _ := os.ReadFile("iv.bin")\n\tcipher.NewOFB(block, iv)\n}' },
    // A parameter no caller in the file passes, and decrypting calls (the nonce the message came with).
    { code: 'package main\nfunc Encrypt(gcm cipher.AEAD, nonce, msg []byte) []byte {\n\treturn gcm.Seal(nil, nonce, msg, nil)\n}' },
    { code: 'package main\nfunc f(gcm cipher.AEAD, data []byte) {\n\tgcm.Open(nil, []byte("ILoveMyNonce"), data, nil)\n\tcipher.NewCBCDecrypter(block, []byte("ILoveMyNonceAlot"))\n}' },
    // NaCl's secretbox: the nonce is the third argument, here random.
    { code: 'package main\nfunc f(msg []byte, key *[32]byte) {\n\tvar nonce [24]byte\n\tio.ReadFull(rand.Reader, nonce[:])\n\tsecretbox.Seal(nil, msg, &nonce, key)\n}' },
  ],
  invalid: [
    { code: 'package main\nfunc f(block cipher.Block) {\n\tcipher.NewCBCEncrypter(block, []byte("ILoveMyNonceAlot"))\n}', errors: [{ line: 3, column: 32, endColumn: 58, message: 'a constant', severity: 'error' }] },
    { code: 'package main\nfunc f(gcm cipher.AEAD, msg []byte) {\n\tgcm.Seal(nil, []byte{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, msg, nil)\n}', errors: [{ line: 3, column: 16, endColumn: 58, message: 'a literal' }] },
    // A zero buffer never filled (writing one byte leaves it constant), through a pointer.
    { code: 'package main\nfunc f(block cipher.Block) cipher.Stream {\n\tiv := make([]byte, 16)\n\tiv[0] = 0x01\n\tp := &iv\n\treturn cipher.NewCTR(block, *p)\n}', errors: [{ line: 6, column: 30, endColumn: 32, message: 'IV is the same every time' }] },
    // A package variable; a function literal called at once; a parameter every caller passes a constant.
    { code: 'package main\nvar nonce = []byte("ILoveMyNonce")\nfunc f(gcm cipher.AEAD, msg []byte) {\n\tgcm.Seal(nil, nonce, msg, nil)\n}', errors: [{ line: 4, column: 16, endColumn: 21, message: 'nonce is the same' }] },
    { code: 'package main\nfunc f(gcm cipher.AEAD, msg []byte) {\n\tgcm.Seal(nil, func() []byte { return []byte("ILoveMyNonce") }(), msg, nil)\n}', errors: [{ line: 3, column: 16, endColumn: 65 }] },
    { code: 'package main\nconst iv = "1234567812345678"\nfunc wrap(s string, b cipher.Block) {\n\tcipher.NewCTR(b, []byte(s))\n}\nfunc main() {\n\twrap(iv, nil)\n}', errors: [{ line: 4, column: 19, endColumn: 28, message: 'passed in by every caller' }] },
    // A helper that takes the buffer but does not fill it.
    { code: 'package main\nfunc touch(b []byte) { b[0] = 1 }\nfunc f(block cipher.Block) {\n\tiv := make([]byte, 16)\n\ttouch(iv)\n\tcipher.NewCTR(block, iv)\n}', errors: [{ line: 6, column: 23, endColumn: 25 }] },
  ],
}, 'a.go');

/** A name from the process's own inputs (environment, command line, standard input) joined under a directory. */
testRule(rule('tainted-path'), {
  valid: [
    // The whole path named by whoever runs the program: its own choice of file.
    { code: 'package main\nfunc f(msg string) {\n\tif path := os.Getenv("DEBUG_FILE"); path != "" {\n\t\tos.OpenFile(path, os.O_APPEND, 0644)\n\t}\n}' },
    { code: 'package main\nfunc main() {\n\tos.Open(os.Args[1])\n}' },
    // Joined from constants only.
    { code: 'package main\nfunc main() {\n\tos.ReadFile(filepath.Join("/etc", "app.conf"))\n}' },
  ],
  invalid: [
    { code: 'package main\nfunc main() {\n\tf := os.Getenv("NAME")\n\tioutil.ReadFile("/tmp/" + f)\n}', errors: [{ line: 4, column: 18, endColumn: 29, message: 'unknown origin', severity: 'warning' }] },
    { code: 'package main\nfunc main() {\n\tin := bufio.NewReader(os.Stdin)\n\tname, _ := in.ReadString(\'\\n\')\n\tos.Open(filepath.Join("/srv/files", name))\n}', errors: [{ line: 5, column: 10, endColumn: 43, message: 'unknown origin' }] },
    { code: 'package main\nfunc main() {\n\tp := filepath.Join("/var/data", os.Args[1])\n\tos.Remove(p)\n}', errors: [{ line: 4, column: 12, endColumn: 13 }] },
    // Go 1.22's ServeFileFS: the name is looked up in the file system given.
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\thttp.ServeFileFS(w, r, os.DirFS("."), r.FormValue("name"))\n}', errors: [{ line: 3, column: 40, endColumn: 59, message: 'request data' }] },
  ],
}, 'a.go');

/** `!x` computes a value: a setting given `!false`, or a constant holding it, is `true`; `!true` is not. */
testRule(rule('tls-verify-off'), {
  valid: [
    { code: 'package main\nfunc main() {\n\t_ = &tls.Config{InsecureSkipVerify: !true}\n}' },
    { code: 'package main\nconst skip = !true\nfunc main() {\n\t_ = &tls.Config{InsecureSkipVerify: skip}\n}' },
  ],
  invalid: [
    { code: 'package main\nfunc main() {\n\t_ = &tls.Config{InsecureSkipVerify: !false}\n}', errors: [{ line: 3, column: 38, endColumn: 44 }] },
    { code: 'package main\nconst skipVerify = !false\nfunc main() {\n\t_ = &tls.Config{InsecureSkipVerify: skipVerify}\n}', errors: [{ line: 4, column: 38, endColumn: 48 }] },
  ],
}, 'a.go');
