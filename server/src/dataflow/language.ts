import type { SyntaxNode } from '../treesitter/runtime';

/**
 * What the language-neutral data-flow core needs to know about one language: how its tree-sitter
 * grammar spells calls, names, assignments, strings and functions (the adapter), and the framework
 * knowledge as data (request sources, sinks, sanitisers, settings). Each language contributes one
 * `LanguageSpec` from `server/src/languages/<lang>/`. The sink classes are the same words the JS
 * rules use (`sql`, `command`, `path`…), so a team reads one vocabulary across languages.
 */

/** Where dangerous data ends up. */
export type SinkClass =
  | 'sql' | 'nosql' | 'command' | 'code' | 'path' | 'redirect' | 'ssrf' | 'ldap' | 'xpath' | 'html' | 'deserialization';

export interface SinkSpec {
  class: SinkClass;
  /** Matched against the call's qualified name (`cursor.execute`, `Runtime.getRuntime().exec`, `new File`), and the names `FileFlow.calleeNames` gives it (`new GroovyShell().evaluate`, `GroovyShell.evaluate` from the receiver's declared type). */
  call: RegExp;
  /** Also a sink: assigning to a property whose qualified name matches (`cmd.CommandText = …`). */
  property?: RegExp;
  /** Which arguments carry the data: positions (default `[0]`), `all`, or keyword names. */
  args?: readonly number[] | 'all';
  /** With `args: 'all'`: the watched arguments start at this position (`exec.CommandContext(ctx, name, args...)`). */
  fromArg?: number;
  kwargs?: readonly string[];
  /** Every keyword argument / hash pair carries data too (`users.find(name: params[:name])`: the filter written as a bare hash). */
  anyKwarg?: boolean;
  /**
   * A list literal given where the query goes is a template followed by its bound values
   * (`where(["name = #{x} AND id = ?", id])`): only its first element is watched.
   */
  firstElement?: boolean;
  /** Only a value built by concatenation, formatting or interpolation counts (`query.order_by("x {}".format(v))`). */
  built?: boolean;
  /** Only a value that is not built counts: the whole text comes from one place (`db.Query(r.FormValue("q"))`); built text is the other sinks' to judge. */
  whole?: boolean;
  /** Only a text that looks like SQL counts (for generic method names such as `execute`). */
  sqlShape?: boolean | 'fragment';
  /** The call is a sink only when this keyword argument has this constant value (`shell=True`). */
  when?: { kwarg: string; value: RegExp };
  /** Not a sink when this keyword argument has this value (`yaml.load(s, Loader=SafeLoader)`). */
  unlessKwarg?: { kwarg: string; value: RegExp };
  /** The call is a sink only with at most this many arguments (`Oj.load(data)`, not `Oj.load(data, mode: :strict)`). */
  maxArgs?: number;
  /** Not a sink when the watched argument's text matches (`redirect_to params.permit(:page)`). */
  unlessArgText?: RegExp;
  /** Not a sink when the enclosing function's text matches (`params.merge! only_path: true` before `redirect_to params`). */
  unlessNearby?: RegExp;
  /** With no arguments, the data is the receiver (`process.Start()` runs what its StartInfo was set to). */
  receiver?: boolean;
  /** Only a built value whose literal text matches counts (`<` of markup for a response body that may be JSON). */
  shapeText?: RegExp;
  /** The call is a sink only in files whose text matches (an import that says which library `Log` is). */
  fileText?: RegExp;
  /** The call is a sink only when its first argument's text matches (PHP `header("Location: " . $x)`). */
  firstArgText?: RegExp;
  /** The call is a sink only when the argument at `index` matches (`loop.run_in_executor(None, exec, code)` runs `exec`). */
  argText?: { index: number; text: RegExp };
  /** Not a sink when the argument at `index` is present and matches (`extract($a, EXTR_SKIP)` overwrites nothing). */
  unlessArg?: { index: number; text: RegExp };
  /**
   * `built`: when the watched argument is a local bound to one built value in its function (`text :=
   * fmt.Sprintf(tpl, q)` then `tmpl.Parse(text)`), the finding goes where that value is built: the text
   * the sink runs is decided there, and the fix (keep it constant, pass the data separately) goes there.
   */
  reportAt?: 'built';
  /** The finding's message when the rule's own does not describe this sink (PHP `extract` is not a deserialiser); `{from}` stands for the origin. */
  message?: string;
  /**
   * Values of unknown origin: `dynamic` warns when the value is built by concatenation, formatting or
   * interpolation; `parameter` also warns when the value is the enclosing function's own parameter
   * (`void run(String sql) { stmt.executeQuery(sql); }`: whoever calls it decides, and nothing in the
   * file shows it safe); `always` warns for anything not constant. Default: only request data is reported.
   *
   * `leading-parameter` (URLs): warns when what starts the value, and so decides a URL's scheme and host,
   * is the enclosing function's own parameter (`client.GetAsync(host + "/x")`, `new Uri(host)`), not when
   * a fixed text with a path comes first (`"api/items/" + id`) or the start is a field or setting.
   *
   * `from-parameter` (paths): warns when the value is the enclosing function's own parameter or is built
   * from one (`new File(dir, name)`, `"uploads/" + name`), not when it is built from fields or settings only.
   */
  unknown?: 'dynamic' | 'always' | 'parameter' | 'leading-parameter' | 'from-parameter';
  /** The confidence of findings on values of unknown origin when not the rule's `medium` (Java paths: `low`, shown as info at `recommended`). */
  unknownConfidence?: 'low';
  /**
   * Also warns for a value built (joined, concatenated, formatted) from what the process read from its
   * own inputs (`processInputs`: the environment, the command line, standard input), which is of unknown
   * origin: `os.Open(filepath.Join("/srv/files", os.Args[1]))`. Used whole (`os.Open(os.Args[1])`), such a
   * value is the invoker's own choice and is not reported. `joins`: calls that build a path from parts
   * (Go `filepath.Join`), counted as building the value.
   */
  inputs?: { joins?: RegExp };
  /** Also warns for a value that is, or is built from, the name of an archive's entry (`LanguageSpec.archiveEntries`), whole or joined. */
  archiveEntries?: boolean;
}

/** A setting that switches a protection off: `verify=False`, `InsecureSkipVerify: true`, `setSecure(false)`. */
export interface SettingSpec {
  rule: string;
  /** Callee pattern; when absent, any key/value construct (keyword argument, hash pair, keyed element, assignment) named `key`. */
  call?: RegExp;
  /** Keyword / key / property name. */
  key?: RegExp;
  /** Positional argument index the value is at (with `call`). */
  arg?: number;
  /** Another positional argument that must match (`CURLOPT_SSL_VERIFYPEER`). */
  argText?: { index: number; text: RegExp };
  /** The value's source text that is the insecure setting. */
  value?: RegExp;
  /** Reported only when the enclosing function's text does not match this (XXE features set nearby). */
  unlessNearby?: RegExp;
  /** Without `call`: the assigned target's whole name must match (`app.config.DEBUG` for `app.config["DEBUG"] = …`). */
  target?: RegExp;
  /**
   * With `call`: reported when the call leaves out any of these keyword arguments (a cookie set without
   * `secure`/`httponly`), given at least `minArgs` positional arguments; `absentFix` is the text added per
   * missing keyword, `{key}` standing for it (`, {key}=True`).
   */
  absent?: readonly string[];
  minArgs?: number;
  /**
   * Without `call`: a typed object literal (`http.Cookie{…}`, its `type` field matching) that leaves out
   * any of `absent` and does not set it on the object later in the function (`c.HttpOnly = true`).
   * `absentFix` is then inserted after the opening brace, `{key}` standing for each missing key.
   */
  literal?: RegExp;
  /**
   * With `call`: its first argument is a local made in the same function by a call matching `made`
   * (`Cookie c = new Cookie(…)` then `response.addCookie(c)`); reported at the argument when the function
   * never calls one of `calls` on it (`c.setHttpOnly(…)`; a `false` there is a setting of its own), unless
   * a call on it matches `unless` (`c.setMaxAge(0)`: the cookie is being deleted). `{keys}` in the message names the missing
   * calls; `absentFix` is the statement added before the call for each, `{name}` and `{key}` standing for
   * the local and the method.
   */
  setters?: { made: RegExp; calls: readonly string[]; unless?: RegExp };
  /**
   * Without `call`: not reported when the object the setting is on (`http` of `http.verify_mode = …`) was
   * made by a call matching `made` whose argument at `host` the flow shows to be a loopback address
   * (a constant, or the `.host` of a URL whose text starts with a fixed host, through locals and every
   * call site of the functions it passes through): that connection never leaves the machine.
   */
  loopback?: { made: RegExp; host: number };
  /** Keyword arguments that count towards `minArgs` as the positional one they name (`set_cookie("k", value=v)`). */
  argKeywords?: readonly string[];
  absentFix?: string;
  /** Reported only in files whose path matches (`settings.py`, `config/environments/production.rb`). */
  path?: RegExp;
  /** Reported only in files that import a package whose path matches (what the call is, or what it serves: Go `_ "net/http/pprof"`); needs `importPaths`. */
  imports?: RegExp;
  /** Reported only in files whose text matches (an import of the module the call belongs to, where the language has no `importPaths`). */
  fileText?: RegExp;
  /**
   * Without `call`: the calls that read a document with the object this setting is assigned on
   * (`XmlReader.Create(doc, rs)` after `rs.DtdProcessing = …`, `xmlDoc.Load(doc)` after
   * `xmlDoc.XmlResolver = …`). When the file has such calls after the setting, the finding moves to each
   * one's document argument, with the document's origin deciding its level (a constant document is
   * silent); the fix still edits the setting. With `call` and `via: 'receiver'`: a factory reported at
   * the calls that make a parser from it (`spf.newSAXParser()`), each checked with `unlessNearby` in its
   * own function; at the factory when there are none.
   */
  usedBy?: { call: RegExp; via: 'receiver' | 'argument' };
  message: string;
  /** Replacement for the value's text when the fix is mechanical. */
  fix?: string;
}

export interface SourceSpec {
  /** Identifiers that are the request object wherever they appear (`request` in Flask, `Request` in ASP.NET). */
  objects: readonly string[];
  /** A parameter whose type matches is a request object (`*http.Request`, `HttpServletRequest`). */
  objectTypes?: RegExp;
  /** The member of a request object that carries client data (`args`, `getParameter`, `Query`); any when absent. */
  parts?: RegExp;
  /** Any property read (not a method call) of a request object is client data, whatever its name (Laravel's `$request->email`). */
  anyProperty?: boolean;
  /** Qualified names that are client data by themselves (`_GET`, `params`). */
  names?: RegExp;
  /** Callees whose result is client data (`*.getParameter`, `mux.Vars`). */
  calls?: RegExp;
  /** Calls that read client data only with a given first argument (`file_get_contents('php://input')`). */
  callsWithArg?: readonly { call: RegExp; arg: RegExp }[];
  /** Parameter annotations / attributes that bind a parameter to the request (`@RequestParam`, `[FromQuery]`). */
  paramAnnotations?: RegExp;
  /** In a class whose declaration (up to its body) matches, `this` is the request object (Laravel `class X extends FormRequest`). */
  selfIn?: RegExp;
}

export interface Param {
  name: string;
  node: SyntaxNode;
  type: string;
  annotations: string;
}

export interface Call {
  node: SyntaxNode;
  /** Qualified callee name; calls in a chain are written `name()`. */
  name: string;
  args: SyntaxNode[];
  kwargs: Map<string, SyntaxNode>;
  receiver?: SyntaxNode;
}

/** The adapter: small questions about one grammar's nodes. All return undefined for "not this kind". */
export interface Adapter {
  call(node: SyntaxNode, text: string): Call | undefined;
  /** `a.b.c`, `Runtime.getRuntime().exec`, `_GET` for `$_GET`; undefined for anything computed. */
  name(node: SyntaxNode, text: string): string | undefined;
  /** Pairs of (target, value) a node binds: assignments, declarations, loop variables. */
  binds(node: SyntaxNode): readonly (readonly [SyntaxNode, SyntaxNode])[];
  isFunction(node: SyntaxNode): boolean;
  params(fn: SyntaxNode, text: string): Param[];
  /** Text around a function that tells whether it is a request handler (decorators, annotations, class base). */
  handlerContext?(fn: SyntaxNode, text: string): string;
  /** Constant literal (string, number, boolean, null)? */
  isLiteral(node: SyntaxNode): boolean;
  /** A string literal's content, when constant. */
  stringValue(node: SyntaxNode, text: string): string | undefined;
  /** Interpolated string: its literal text pieces and embedded expressions, in order. */
  template(node: SyntaxNode): (SyntaxNode | { text: SyntaxNode })[] | undefined;
  /** String building operators: the operands of `a + b`, `a . b`, `"…" % x`. */
  concat(node: SyntaxNode, text: string): SyntaxNode[] | undefined;
  /** Member access, subscript, element reference: the object. */
  objectOf(node: SyntaxNode): SyntaxNode | undefined;
  /** A subscript or element reference (`d["k"]`, `params[:action]`, `a[i]`): the container; else undefined. */
  subscriptOf(node: SyntaxNode): SyntaxNode | undefined;
  /** Key/value constructs: keyword arguments, hash pairs, keyed elements, property assignments. */
  pair(node: SyntaxNode, text: string): { key: string; value: SyntaxNode } | undefined;
  /** Wrappers that carry their child's value: parentheses, `argument`, a one-element expression list. */
  unwrap(node: SyntaxNode): SyntaxNode;
  /** Collections and other nodes whose value is the union of their children (lists, arrays, tuples). */
  isCollection(node: SyntaxNode): boolean;
  /**
   * `if`/`unless`/ternary: its condition and arms (either arm may be absent); `negated` when the `then`
   * arm runs while the condition is false (Ruby `unless`). Optional: without it no branch is pruned
   * and no guard is seen.
   */
  branch?(node: SyntaxNode): { condition: SyntaxNode; then?: SyntaxNode; else?: SyntaxNode; value: boolean; expression?: boolean; negated?: boolean } | undefined;
  /** `switch`: the value switched on and its groups of labels (`default` for the default label) with their statements. */
  switchOf?(node: SyntaxNode): { value: SyntaxNode; groups: SwitchGroup[] } | undefined;
}

/** One `case A: case B: …statements` group of a switch; `exits` when it ends in break/return (no fall-through). */
export interface SwitchGroup {
  node: SyntaxNode;
  labels: (SyntaxNode | 'default')[];
  exits: boolean;
}

/**
 * A check that validates a value: inside the branch where it holds (and after an early exit on its
 * negation: `if not is_safe_url(x): abort(400)`), the value is safe for `classes`. The core also knows
 * two guards of its own in every language: equality with a constant (`x == "admin"`) and, for
 * languages that declare them, membership operators (`x in ALLOWED`).
 */
export interface GuardSpec {
  /** The check's callee (`url_has_allowed_host_and_scheme`, `Url.IsLocalUrl`, `in_array`, `ALLOWED.include?`). */
  call: RegExp;
  /** Where the checked value is: an argument position, or the receiver (`x.start_with?(BASE)`). */
  subject: number | 'receiver';
  /** The keyword that names the checked value when it is not given by position (`is_safe_url(url=x, …)`). */
  keyword?: string;
  /** Another argument must read so (`in_array($x, $list, true)`: strict; `re.match(r"^[a-z]+$", x)`: anchored). */
  argText?: { index: number; text: RegExp };
  /**
   * This argument (or the receiver, `'receiver'`) is a regular expression literal that lets through
   * only word characters from start to end (`^[a-z0-9_]+$`; no `.`, `/` or negated class), so what
   * matches it is a word: an allow-list. `fullmatch` calls need no anchors (`full: true`).
   */
  pattern?: number | 'receiver';
  full?: boolean;
  /** The receiver must read so (`ALLOWED.include?(x)`: a constant list, not any object). */
  receiverText?: RegExp;
  /**
   * The checked value must first go through one of these calls (`filepath.Clean`, `os.path.realpath`):
   * a prefix check on a path means nothing before `..` is resolved. The value guarded is then that
   * call's argument (or a local bound to the call).
   */
  normalized?: RegExp;
  classes: readonly SinkClass[] | 'all';
}

export interface SanitizerSpec {
  call: RegExp;
  classes: readonly SinkClass[] | 'all';
  /**
   * Only when the first argument's text matches (Go `filepath.Clean("/" + p)`: cleaning a rooted path
   * drops every `..`; cleaning a relative one keeps those at its start). Otherwise the call is not a
   * sanitiser and passes its argument through when `passThrough` names it.
   */
  argText?: RegExp;
}

/** Does sanitiser `s` apply to `call` (its callee, and its first argument when it asks for one)? */
export function sanitizes(s: SanitizerSpec, call: Call, text: string): boolean {
  if (!s.call.test(call.name)) return false;
  if (!s.argText) return true;
  const first = call.args[0];
  return !!first && s.argText.test(text.slice(first.start, first.end));
}

/**
 * A method the framework runs before others of the same class (Rails `before_action :set_page, only: [:show]`):
 * before the functions `only` names, or every function but those `except` names; `prepend` runs it ahead of
 * those declared before it; `skip` takes it off again for the functions it applies to.
 */
export interface Callback {
  method: string;
  only?: readonly string[];
  except?: readonly string[];
  prepend?: boolean;
  skip?: boolean;
}

/** The callbacks that run before function `name`, in the order they run (`Callback`). */
export function callbacksBefore(callbacks: readonly Callback[], name: string): string[] {
  const order: string[] = [];
  for (const c of callbacks) {
    if ((c.only && !c.only.includes(name)) || c.except?.includes(name)) continue;
    const at = order.indexOf(c.method);
    if (at >= 0) order.splice(at, 1);
    if (c.skip) continue;
    if (c.prepend) order.unshift(c.method);
    else order.push(c.method);
  }
  return order;
}

export interface LanguageSpec {
  id: string;
  adapter: Adapter;
  sources: SourceSpec;
  sinks: readonly SinkSpec[];
  /** Callees whose result is safe for the given sink classes (`int`, `htmlspecialchars`, `secure_filename`). */
  sanitizers: readonly SanitizerSpec[];
  /** Callees that pass their arguments' origin through (`str`, `String.format`, `fmt.Sprintf`, `os.path.join`). */
  passThrough: RegExp;
  /**
   * Methods that give their receiver's text reshaped (Ruby `"… #{t}".squish`, `<<~SQL.chomp`): a string
   * built before them is still built after, for the sinks that warn on built values of unknown origin.
   */
  shapeThrough?: RegExp;
  /** Methods that add their argument to their receiver (`sb.append(x)`, `list.add(x)`). */
  mutators: RegExp;
  /**
   * Calls that write into the variable whose address they are given, at argument `arg` (`&v`), what
   * `from` holds: the receiver (`json.NewDecoder(r.Body).Decode(&v)`), another argument
   * (`json.Unmarshal(body, &v)`) or the call's own value (Gin's `c.ShouldBindJSON(&v)`).
   */
  fills?: readonly { call: RegExp; arg: number; from: 'receiver' | 'call' | number }[];
  settings: readonly SettingSpec[];
  /** Fast hashes and weak random generators, by callee, for the password-hash and random-secret rules. */
  fastHashes: RegExp;
  weakRandom: RegExp;
  /**
   * A call of code outside the file given only constants (and a class, or a constant object, as
   * receiver) returns a constant: `Utils.getCommand("echo")`, `config.get("db.url")`. Off by default:
   * languages where such calls commonly read user input (`input()`, `gets`) leave them unknown.
   */
  constantCalls?: boolean;
  /**
   * Block node types that start a unit of their own (`FlowUnit`) when outermost, though they are no
   * scope of their own: Ruby's `it "…" do … end` / `get "/" do … end`, which would otherwise leave a
   * spec or a Sinatra app all root code. The names a block binds stay in the scope around it; the units
   * that name them run with it (`FileFlow.nameSharers`).
   */
  unitBlocks?: ReadonlySet<string>;
  /**
   * Methods that decide whether a certificate or host is trusted (`checkServerTrusted`, `verify`):
   * an implementation whose body is empty or only `return true` accepts everything.
   */
  trustCheckMethods?: RegExp;
  /**
   * Expressions that read a certificate's subject or issuer name (`cert.SubjectName.Name`,
   * `x509.GetNameInfo(X509NameType.SimpleName, false)`): compared with a fixed text, the certificate is
   * trusted by a name anyone can put in a certificate.
   */
  certificateNames?: RegExp;
  /**
   * The names a file's imports bind to modules or packages (`import os` → `os`; Go `"os/exec"` → `exec`):
   * named as a receiver (`os.path.join(a, b)`), such a name is code, not data.
   */
  importedModules?(text: string): Set<string>;
  /** The package each of those names stands for (Go: `mrand` → `math/rand`, `rand` → `crypto/rand`), where a language can say. */
  importPaths?(text: string): Map<string, string>;
  /**
   * Where a cipher takes the IV or nonce that must differ for every message, on the encrypting side
   * (`cipher.NewCTR(block, iv)`, `gcm.Seal(dst, nonce, msg, ad)`): the argument at `arg`, with exactly
   * `args` arguments when given. `method: true` takes any receiver that is not an imported package.
   * Decrypting calls take the IV the message came with and are left out. For the static-IV rule.
   */
  ivArguments?: readonly { call: RegExp; arg: number; args?: number; method?: boolean }[];
  /** For the static-IV rule: calls that make a zero-filled buffer (Go `make`), and calls that read a buffer without writing it. */
  zeroBuffers?: RegExp;
  bufferReaders?: RegExp;
  /** Calls that write their first argument from the others (Go `copy(dst, src)`). */
  bufferCopies?: RegExp;
  /**
   * The process's own inputs, by the source text of the expression that reads them (Go `os.Getenv(…)`,
   * `os.Args`, a reader on `os.Stdin`): for sinks with `inputs`, followed through locals, pass-through
   * calls, indexing and the receivers of method calls.
   */
  processInputs?: RegExp;
  /**
   * Entries read from an archive, whose names a path sink with `archiveEntries` reports (zip slip: `../`
   * or a rooted name leaves the directory they are extracted under). `types`: a parameter's type that is
   * an entry (Go `*zip.File`, `*tar.Header`); `made`: callee names whose result is one (`tar.NewReader().Next`);
   * `lists`: `maker.member` of a collection of entries ranged over, the maker being the call that made the
   * receiver or its parameter type (`zip.OpenReader.File`, `*zip.Reader.File`); `name`: the entry's name field.
   */
  archiveEntries?: { types: RegExp; made: RegExp; lists: RegExp; name: RegExp };
  /** Packages whose generators `weakRandom` names (Go `math/rand`): a call through a name imported from another package (`crypto/rand`) is not weak. */
  weakRandomPackages?: RegExp;
  /**
   * Names a file's imports bind to something of another module, with what they stand for
   * (`from dill import loads` → `loads` is `dill.loads`; `import _pickle as p` → `p` is `_pickle`):
   * a call through such a name is also the qualified call, unless the name is bound again here.
   */
  importedNames?(text: string): Map<string, string>;
  /** Printf-style formatting calls whose first argument is the template (`String.format`, `fmt.Sprintf`, `sprintf`). */
  formatCalls: RegExp;
  /** Checks that validate a value inside the branch where they hold (see `GuardSpec`). */
  guards?: readonly GuardSpec[];
  /** Binary operators that test membership, the element on the left (`in`, `not in`: Python). */
  membership?: { holds: ReadonlySet<string>; fails: ReadonlySet<string> };
  /** Calls that never return (`abort`, `die`, `panic`, `raise`): an arm ending in one exits. */
  exitCalls?: RegExp;
  /**
   * Remote interfaces whose method arguments the server deserialises from the network (Java RMI:
   * `interface Service extends Remote`): an interface declaration whose text up to its body matches
   * `header`, with a method parameter whose type is not in `safeTypes`, lets a client send any
   * serialisable class (a gadget chain), not only the declared one.
   */
  remoteInterfaces?: { header: RegExp; safeTypes: RegExp };
  /**
   * Return statements whose value a request handler hands to the framework as a view name, and the
   * prefix that makes such a name a redirect to the rest (Spring MVC `return "redirect:" + url`).
   */
  viewRedirects?: { returns: ReadonlySet<string>; prefix: RegExp };
  /**
   * The callbacks a file declares (Rails controllers' `before_action`): a field (`@page`) a function reads
   * but does not assign takes the values the last callback run before it assigns.
   */
  callbacks?(text: string): readonly Callback[];
  /**
   * Template environments that escape nothing unless told (Jinja2 `Environment()`: `autoescape` left out, or
   * a name holding a false constant): `call` makes one, in files whose text matches `fileText`; `templates`
   * are its methods that give a template, `renders` the template methods given the values; `template` makes
   * a template with an environment of its own (`jinja2.Template(source)`), read the same way. The fix adds
   * `fix` after the last argument.
   */
  unescapedEnvironments?: { call: RegExp; template?: RegExp; key: string; fileText: RegExp; templates: RegExp; renders: RegExp; fix: string };
  /** Return statements whose value a request handler sends as the response body (Flask views return HTML). */
  responseReturns?: ReadonlySet<string>;
  /**
   * Template renders whose escaping depends on the template's name (Flask autoescapes only `.html`,
   * `.htm`, `.xml`, `.xhtml` and `.svg`): `call` renders the template named by its first argument,
   * `escaped` matches the names that are escaped. The values passed to another template go out raw.
   */
  templateNames?: { call: RegExp; escaped: RegExp };
  /**
   * A template package that does not escape HTML, imported (path matching `path`) in a file with no
   * import matching `escaping`, whose templates render (`render`, the method's name) into a writer whose
   * declared type matches `writer`: reported at the import, the fix naming the escaping package with
   * the same API (Go `text/template` → `html/template`).
   */
  unescapedTemplates?: { path: RegExp; escaping: RegExp; render: RegExp; writer: RegExp; fix: string };
}
