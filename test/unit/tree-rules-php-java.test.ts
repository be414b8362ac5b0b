import { testRule, treeRule as rule } from '../helpers/ruleTester';

/**
 * PHP recall, Java taint-only recall and Java/C# classes (issue #14, `lang-php-java`): each cause found
 * in the misses of semgrep's labelled tests, as valid / invalid cases at exact positions.
 */

testRule(rule('tainted-command'), {
  valid: [
    // An argument list runs the program without a shell.
    { code: '<?php\n$p = proc_open(["ls", $dir], $spec, $pipes);', path: 'a.php' },
    { code: '<?php\n$p = proc_open("ls -l", $spec, $pipes);', path: 'a.php' },
  ],
  invalid: [
    // A command line of unknown origin goes to `sh -c`, as with `exec`.
    { code: '<?php\n$proc = proc_open($cmd, $spec, $pipes);', path: 'a.php', errors: [{ line: 2, column: 19 }] },
    { code: '<?php\n$p = proc_open(["sh", "-c", $_GET["c"]], $spec, $pipes);', path: 'a.php', errors: [{ line: 2, column: 16, message: 'request data' }] },
  ],
}, 'a.php');

testRule(rule('tainted-code'), {
  valid: [
    // Comparisons are expressions, not code; options that are constant say what they do.
    { code: '<?php\nassert($ok->count < 1 || $ok > 2);\nassert($o->p instanceof Foo);\nmb_ereg_replace($p, $r, $s, "msr");\nmb_ereg_replace($p, $r, $s);', path: 'a.php' },
  ],
  invalid: [
    // `->` is a property read, not a `>` comparison.
    { code: '<?php\nassert($someobj->name);', path: 'a.php', errors: [{ line: 2, column: 8 }] },
    // Options that may hold `e` run the replacement as PHP.
    { code: '<?php\nmb_ereg_replace($pattern, $replacement, $string, $_GET["o"]);\nmb_eregi_replace($p, $r, $s, $opts);', path: 'a.php', errors: [{ line: 2, column: 50, message: 'request data' }, { line: 3, column: 30 }] },
  ],
}, 'a.php');

testRule(rule('tainted-deserialization'), {
  valid: [
    // Constant arrays, and flags that overwrite no variable.
    { code: '<?php\n$a = array("color" => "blue");\nextract($a, EXTR_PREFIX_SAME, "x");\n$ok = $_FILES["f"];\nextract($ok, EXTR_SKIP, "w");\nextract($_GET, EXTR_PREFIX_ALL, "g");', path: 'a.php' },
  ],
  invalid: [
    {
      code: '<?php\n$bad = $_GET["p"];\nextract($bad, EXTR_PREFIX_SAME, "wddx");\nextract($_POST);',
      path: 'a.php',
      errors: [{ line: 3, column: 9, message: 'keys of request data' }, { line: 4, column: 9, message: 'EXTR_SKIP' }],
    },
  ],
}, 'a.php');

testRule(rule('tainted-sql'), {
  valid: [
    // Outside a form request, `$this` is the class's own object.
    { code: '<?php\nclass Repo {\n  function f() {\n    $id = $this->query->get("x");\n    return Rule::unique("users")->ignore($id);\n  }\n}', path: 'a.php' },
    // The user the server authenticated is not input.
    { code: '<?php\nclass R extends FormRequest {\n  public function rules() {\n    return [Rule::unique("users")->ignore($this->user()->id)];\n  }\n}', path: 'a.php' },
  ],
  invalid: [
    // In a Laravel form request, `$this` is the request.
    {
      code: '<?php\nuse Illuminate\\Foundation\\Http\\FormRequest;\nclass TestRequest extends FormRequest {\n  public function rules() {\n    $id = $this->query->get("hello");\n    $a = Rule::unique("users")->ignore($id);\n    $b = Rule::unique("users")->ignore(1, $this->input("c"));\n    return [$a, $b];\n  }\n}',
      path: 'a.php',
      errors: [{ line: 6, column: 40, message: 'request data' }, { line: 7, column: 43, message: 'request data' }],
    },
  ],
}, 'a.php');
