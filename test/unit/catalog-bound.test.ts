import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { detectLanguage, syntaxOf } from '../../server/src/engine/languages';
import { scopeMapOf } from '../../server/src/engine/lexer';
import { compileTextRule, runTextRule, type CompiledTextRule, type TextRuleContext } from '../../server/src/engine/textRules';
import { CATALOG_BOUND, catalogDecided, catalogValueOfLine, inMessageCatalog, isProse, jsonMessageCatalog, keyValueOfLine, knownMessageCatalog, VALIDATORS, type ValidatorName } from '../../server/src/engine/validators';
import { CREDENTIAL_TEXT_RULES } from '../../server/src/rules/credentials';

/** `inMessageCatalog`'s two line patterns as they were (quadratic on long runs of blanks). */
const JSON_PAIR = /^[ \t]*"([^"\n]{1,300})"[ \t]*:[ \t]*"((?:[^"\\\n]|\\.)*)"[ \t]*,?[ \t]*\r?$/;
const KEY_PAIR = /^[ \t]*([\w.-]{1,100})[ \t]*[:=][ \t]*(["']?)([^\n]*?)\2[ \t]*\r?$/;

/** `inMessageCatalog` as it was before it could stop early: every line read, with the patterns above. */
function catalogReference(text: string): boolean {
  const json = JSON_PAIR;
  const keyed = KEY_PAIR;
  const proseRe = /\p{L}\p{P}?[ \t]+[\p{Ps}\p{Pi}]?\p{L}|[^\x00-\x7f]/u;
  let pairs = 0;
  let prose = 0;
  for (const line of text.split('\n', 200_000)) {
    const m = json.exec(line);
    const value = m ? m[2] : keyed.exec(line)?.[3];
    if (value === undefined || value === '') continue;
    pairs++;
    if (proseRe.test(value)) prose++;
  }
  return pairs >= 8 && prose >= pairs * 0.6;
}

/** 40 lines of a JSON message catalog, all prose. */
const CATALOG = `{\n${Array.from({ length: 40 }, (_, i) => `  "label${i}": "Ein kurzer Satz Nummer ${i}",`).join('\n')}\n`;

function contextOf(text: string, path: string): TextRuleContext {
  const language = detectLanguage(path);
  return { text, language, scopes: () => scopeMapOf(text, syntaxOf(language)), envFix: () => undefined };
}

/** The rule as a custom one would run: not vetted, so never cut short by a known catalog. */
const unvetted = (rule: CompiledTextRule): CompiledTextRule => ({ ...rule, matcher: { matches: (text) => rule.matcher.matches(text) } });

/** A text the catalog test has not read, so that its last answer is for another text. */
const forget = () => inMessageCatalog({ text: 'nothing to see' });

const compiled = CREDENTIAL_TEXT_RULES.map((spec) => compileTextRule(spec));

/**
 * Every credential rule on each of its matching examples placed after a message catalog: the findings of the
 * rule run whole (unvetted), of the rule as the engine runs it, and of the rule run once the text is known to be
 * a catalog, as `[rule, example, whole, engine, known]`.
 */
function catalogRuns(): [string, string, string, string, string][] {
  const rows: [string, string, string, string, string][] = [];
  for (const rule of compiled) {
    for (const example of rule.spec.examples.match) {
      const { text: body, path = 'messages.json' } = typeof example === 'string' ? { text: example } : example;
      const text = `${CATALOG}${body}\n}`;
      const ctx = contextOf(text, path);
      forget();
      const whole = JSON.stringify(runTextRule(unvetted(rule), ctx));
      forget();
      const engine = JSON.stringify(runTextRule(rule, ctx));
      assert.equal(inMessageCatalog(ctx), true, `${rule.spec.id}: the example leaves the text a catalog`);
      assert.equal(knownMessageCatalog(text), true);
      const known = JSON.stringify(runTextRule(rule, ctx));
      rows.push([rule.spec.id, body, whole, engine, known]);
    }
  }
  return rows;
}

describe('text rules in a message catalog (CATALOG_BOUND)', () => {
  it('find the same in a catalog whether or not the catalog is known, for every credential rule and example', () => {
    const rows = catalogRuns();
    for (const [id, body, whole, engine, known] of rows) {
      assert.equal(engine, whole, `${id} on ${JSON.stringify(body)}`);
      assert.equal(known, whole, `${id} on ${JSON.stringify(body)}, catalog known`);
    }
    // Not vacuous: rules that do not depend on the catalog test (structured tokens, keys, URLs) still report there.
    const reporting = new Set(rows.filter((r) => r[2] !== '[]').map((r) => r[0]));
    assert.ok(reporting.size >= 60, `${reporting.size} rules report in a catalog`);
  });

  it('control: a validator listed wrongly (one that does not ask the catalog test) changes what is found', () => {
    const bound = CATALOG_BOUND as Set<ValidatorName>;
    const wrong: ValidatorName[] = ['secret-literal', 'password-literal', 'url-password', 'not-placeholder'];
    for (const name of wrong) assert.equal(bound.has(name), false, name);
    try {
      for (const name of wrong) bound.add(name);
      const differ = catalogRuns().filter(([, , whole, , known]) => known !== whole);
      assert.ok(differ.length > 0, 'some rule loses a finding when the wrong validators are listed');
    } finally {
      for (const name of wrong) bound.delete(name);
    }
  });

  it('each listed validator accepts a value outside a catalog and rejects it in one', () => {
    const cases: Record<string, [line: string, name: string, value: string]> = {
      'generic-secret': ['  "api_secret": "Zq8vT3mW9xK2pL7r",', 'api_secret', 'Zq8vT3mW9xK2pL7r'],
      'config-value': ['  "api_secret": "Zq8vT3mW9xK2pL7r",', 'api_secret', 'Zq8vT3mW9xK2pL7r'],
      'text-config-value': ['  "api_secret": "Zq8vT3mW9xK2pL7r",', 'api_secret', 'Zq8vT3mW9xK2pL7r'],
      'password-value': ['  "db_password": "Tr0ub4dor&3x",', 'db_password', 'Tr0ub4dor&3x'],
      'password-compared': ['  check: "Tr0ub4dor&3x" == password', '"Tr0ub4dor&3x"', 'Tr0ub4dor&3x'],
      'weak-credential': ['  "password": "asdf12",', 'password', 'asdf12'],
      'keyed-secret': ['  "braintreeKey": "Zq8vT3mW9xK2pL7r",', 'braintreeKey', 'Zq8vT3mW9xK2pL7r'],
      'not-in-message-catalog': ['  "api_secret": "Zq8vT3mW9xK2pL7r",', 'api_secret', 'Zq8vT3mW9xK2pL7r'],
    };
    assert.deepEqual(Object.keys(cases).sort(), [...CATALOG_BOUND].sort());
    const config = `{\n  "host": "db.internal",\n  "port": "5432",\n`;
    for (const [name, [line, at, value]] of Object.entries(cases)) {
      for (const [head, expected] of [[config, true], [CATALOG, false]] as const) {
        const text = `${head}${line}\n}`;
        const start = text.indexOf(at);
        const end = text.indexOf(value, start + at.length) + value.length + 1;
        forget();
        assert.equal(VALIDATORS[name as ValidatorName](value, { text, start, end }), expected, `${name} ${expected ? 'outside' : 'in'} a catalog`);
      }
    }
  });

  it('asks the catalog test of a JSON text up front only when its first lines are a catalog', () => {
    forget();
    assert.equal(jsonMessageCatalog(`${CATALOG}}`), true);
    assert.equal(knownMessageCatalog(`${CATALOG}}`), true);
    // A configuration first and a catalog after it: a catalog by the whole count, but not asked up front.
    const config = `{\n${Array.from({ length: 70 }, (_, i) => `  "port${i}": "${5000 + i}",`).join('\n')}\n`;
    const late = `${config}${CATALOG.repeat(6)}}`;
    forget();
    assert.equal(jsonMessageCatalog(late), false);
    assert.equal(knownMessageCatalog(late), false, 'not read whole');
    assert.equal(inMessageCatalog({ text: late }), true);
    assert.equal(jsonMessageCatalog(late), true, 'the known answer');
    // Starts as a catalog, is not one: the whole count answers.
    const early = `${CATALOG}${config}${config}}`;
    forget();
    assert.equal(jsonMessageCatalog(early), false);
    assert.equal(catalogReference(early), false);
  });

  it('reads each line in place as the split text did, up to its line limits', () => {
    // The up-front probe reads the first 64 lines, as `split('\n', 64)` did: a catalog in 64 lines, or in 65.
    const probe = (n: number) => `{\n${Array.from({ length: n }, (_, i) => `  "port${i}": "${5000 + i}",`).join('\n')}\n${CATALOG.slice(2).repeat(3)}}`;
    const answers: boolean[] = [];
    for (const n of [0, 10, 24, 25, 26, 30, 64, 65]) {
      const text = probe(n);
      const first = text.split('\n', 64);
      let pairs = 0;
      let prose = 0;
      for (const line of first) {
        const value = catalogValueOfLine(line);
        if (value === undefined || value === '') continue;
        pairs++;
        if (isProse(value)) prose++;
      }
      forget();
      const expected = pairs >= 8 && prose >= pairs * 0.6 && catalogReference(text);
      assert.equal(jsonMessageCatalog(text), expected, `${n} lines of configuration first`);
      answers.push(expected);
    }
    // 25 lines of configuration: a catalog by its first 64 lines, not by 63.
    assert.deepEqual(answers, [true, true, true, true, false, false, false, false]);
    // The whole test reads 200,000 lines: a catalog only by lines after them is not one, and the last line read
    // ends at its own line break.
    const pair = '  "label": "Ein kurzer Satz",';
    for (const [blank, after, expected] of [[199_995, 5, false], [199_992, 0, true], [199_991, 1, true], [199_993, 1, false]] as const) {
      const text = `${'\n'.repeat(blank)}${Array.from({ length: 8 - after }, () => pair).join('\n')}${'\n"port": "5432",'.repeat(after)}`;
      forget();
      assert.equal(inMessageCatalog({ text }), expected, `${blank} blank lines`);
      assert.equal(catalogReference(text), expected);
    }
    // Line ends the in-place reading must not take for one: \r, U+2028, U+2029 inside a value or after it.
    for (const end of ['\r', '\u2028', '\u2029', ' \r', '\r\r']) {
      for (const text of [`${CATALOG}  "k": "a b"${end}\n}`, `${CATALOG}  "k": "a${end}b"\n}`, `${CATALOG.replace(/,\n/g, `,${end}\n`)}}`]) {
        forget();
        assert.equal(inMessageCatalog({ text }), catalogReference(text), JSON.stringify(end));
        for (const line of text.split('\n')) assert.equal(catalogValueOfLine(line), JSON_PAIR.exec(line)?.[2] ?? KEY_PAIR.exec(line)?.[3], JSON.stringify(line));
      }
    }
  });

  it('decides a catalog early only when the lines left cannot change the answer', () => {
    // Every count up to 40 pairs and 30 lines left, against every way the lines left can turn out.
    for (let pairs = 0; pairs <= 40; pairs++) {
      for (let prose = 0; prose <= pairs; prose++) {
        for (let left = 0; left <= 30; left++) {
          const decided = catalogDecided(pairs, prose, left);
          if (decided === undefined) continue;
          for (let x = 0; x <= left; x++) {
            for (let y = 0; x + y <= left; y++) {
              const p = pairs + x + y;
              assert.equal(p >= 8 && prose + x >= p * 0.6, decided, `${pairs}/${prose}/${left} +${x} prose +${y} other`);
            }
          }
        }
      }
    }
    // Control: it does decide, both ways, where the answer is certain.
    assert.equal(catalogDecided(20, 20, 5), true);
    assert.equal(catalogDecided(20, 0, 5), false);
    assert.equal(catalogDecided(10, 6, 10), undefined);
  });

  it('reads a key-value line as the regular expression did, in one pass', () => {
    const unit = fc.constantFrom(' ', ' ', '\t', 'k', 'K', '9', '_', '.', '-', ':', '=', '"', "'", '\r', ',', 'x', 'é', '\\');
    const same = (line: string) => assert.equal(keyValueOfLine(line), KEY_PAIR.exec(line)?.[3], JSON.stringify(line));
    fc.assert(fc.property(fc.string({ unit, maxLength: 40 }), same), { seed: 0x6b76, numRuns: 20_000 });
    // Lines of the shape it reads, with every kind of end.
    const part = (chars: string[], max: number) => fc.string({ unit: fc.constantFrom(...chars), maxLength: max });
    const shaped = fc.tuple(part([' ', '\t'], 3), part(['k', '_', '.', '-', '9', 'é'], 4), part([' ', '\t'], 2), fc.constantFrom(':', '=', ' '), part([' ', '\t'], 2),
      fc.constantFrom('', '"', "'"), part(['a', ' ', '"', "'", '\r', '\t', ','], 6), fc.constantFrom('', '"', "'"), part([' ', '\t', '\r'], 3))
      .map((p) => p.join(''));
    fc.assert(fc.property(shaped, same), { seed: 0x6b77, numRuns: 20_000 });
    for (const line of ['k: v', 'k = "v"', "k: 'v' \r", 'k: "', 'k: "\r', 'k:\r', `${'k'.repeat(100)}: v`, `${'k'.repeat(101)}: v`, 'k: "a" b "', ' k\t=\t"a\r" ']) same(line);
  });

  it('tells prose as the Unicode expression did, without its u flag', () => {
    const PROSE = /\p{L}\p{P}?[ \t]+[\p{Ps}\p{Pi}]?\p{L}|[^\x00-\x7f]/u;
    // Each class on every ASCII character: a letter, punctuation, an opening bracket.
    for (let c = 0; c < 128; c++) {
      const ch = String.fromCharCode(c);
      assert.equal(isProse(`a${ch} b`), PROSE.test(`a${ch} b`), `punctuation ${c}`);
      assert.equal(isProse(`a ${ch}b`), PROSE.test(`a ${ch}b`), `bracket ${c}`);
      assert.equal(isProse(`${ch} b`), PROSE.test(`${ch} b`), `letter before ${c}`);
      assert.equal(isProse(`a ${ch}`), PROSE.test(`a ${ch}`), `letter after ${c}`);
    }
    const unit = fc.constantFrom('a', 'Z', ' ', '\t', '.', ':', ',', '(', '[', '{', '"', '«', '$', '+', '_', '-', '9', 'é', 'ß', '\u2018', '\u00a0', '\n');
    fc.assert(fc.property(fc.string({ unit, maxLength: 12 }), (v) => assert.equal(isProse(v), PROSE.test(v), JSON.stringify(v))), { seed: 0x6b7e, numRuns: 30_000 });
    fc.assert(fc.property(fc.string({ maxLength: 12 }), (v) => assert.equal(isProse(v), PROSE.test(v), JSON.stringify(v))), { seed: 0x6b7f, numRuns: 10_000 });
  });

  it('answers as reading every line did, on generated lines of any shape', () => {
    const unit = fc.constantFrom(' ', '\t', 'k', '"', ':', ',', '\r', '\\', 'a', 'é', '=', "'");
    const line = fc.string({ unit, maxLength: 24 });
    const pair = fc.tuple(part(), part()).map(([k, v]) => `"${k}": "${v}"`);
    function part() {
      return fc.string({ unit: fc.constantFrom('a', ' ', 'b', '\\', '"', 'ü', '.', '\t'), maxLength: 8 });
    }
    fc.assert(
      fc.property(fc.array(fc.oneof(line, pair, pair.map((p) => `${p},`), pair.map((p) => `  ${p} , \r`)), { maxLength: 40 }), (lines) => {
        const text = lines.join('\n');
        forget();
        assert.equal(inMessageCatalog({ text }), catalogReference(text));
        for (const l of lines) {
          const json = JSON_PAIR.exec(l);
          assert.equal(catalogValueOfLine(l), json ? json[2] : KEY_PAIR.exec(l)?.[3], JSON.stringify(l));
        }
      }),
      { seed: 0x11e5, numRuns: 2_000 },
    );
  });

  it('answers as reading every line did, on generated catalogs and configurations', () => {
    const value = fc.constantFrom('Ein kurzer Satz', 'Passwort', 'Zugangsdaten', 'Max. Wert', 'db.internal', '5432', 'true', 'Kennwort ändern', '', 'a b', 'x');
    const line = fc.oneof(
      fc.tuple(fc.constantFrom('k', 'label', 'password'), value).map(([k, v]) => `  "${k}": "${v}",`),
      fc.tuple(fc.constantFrom('key', 'name'), value).map(([k, v]) => `${k} = ${v}`),
      fc.constantFrom('{', '}', '', '  // comment', '  "broken": "no end'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), (lines) => {
        const text = lines.join('\n');
        forget();
        assert.equal(inMessageCatalog({ text }), catalogReference(text));
      }),
      { seed: 0xca7a, numRuns: 1_000 },
    );
  });
});
