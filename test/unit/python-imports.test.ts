import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { python } from '../../server/src/languages/python';
import { fuzzOptions, tried } from '../helpers/fuzz';

/**
 * Python's imports are read after every keystroke (file facts: a change runs the whole file). They are
 * read only at lines holding `import` (`importLines`); these are the whole-text searches they replace,
 * run on random texts of import statements, line breaks of every kind, comments and look-alikes: the
 * answers must be the same.
 */
function modulesByWholeSearch(text: string): Set<string> {
  return new Set([...text.matchAll(/^[ \t]*import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)[ \t]*(?:#.*)?$/gm)].flatMap((m) => m[1]!.split(',').map((x) => x.trim().split('.')[0]!)));
}

function namesByWholeSearch(text: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of text.matchAll(/^[ \t]*from[ \t]+(\w[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)/gm)) {
    for (const item of m[2]!.replace(/[()\\]/g, ' ').split(',')) {
      const [, name, alias] = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(item.replace(/#.*$/gm, '')) ?? [];
      if (name) names.set(alias ?? name, `${m[1]}.${name}`);
    }
  }
  for (const m of text.matchAll(/^[ \t]*import[ \t]+([\w.]+)[ \t]+as[ \t]+(\w+)[ \t]*(?:#.*)?$/gm)) names.set(m[2]!, m[1]!);
  return names;
}

const FLASK_BY_MULTILINE = /^[ \t]*(?:from|import)[ \t]+(?:flask|pyramid|webob|fastapi|starlette)\b/m;

const PIECES = [
  'import os', 'import a.b, c', 'import x as y', 'import pickle as p  # fast', 'from m import (a,\n    b as c)', 'from m import (d, ',
  'from dill import loads', 'from os import system as run', 'from flask import request', 'import flask', 'from . import z',
  '    import subprocess', '\timport sys', 'x = "import os"', '# import yaml', 'ximport q', 'import', 'from', ')', '(', ',',
  'def f():', '    return 1', ' ', '\t', 'as', 'w', '\n', '\n', '\r\n', '\r', '\u2028', '\u2029', '\\\n', 'importlib', 'import starlette',
];

describe('Python imports read at the lines that hold them', () => {
  it('give what a search of the whole text gives', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
      tried('python-imports');
      const text = pieces.join('');
      assert.deepEqual(python.importedModules!(text), modulesByWholeSearch(text), JSON.stringify(text));
      assert.deepEqual(python.importedNames!(text), namesByWholeSearch(text), JSON.stringify(text));
      const flask = python.sinks.find((s) => s.fileText?.source.includes('flask'))!.fileText!;
      assert.equal(flask.test(text), FLASK_BY_MULTILINE.test(text), JSON.stringify(text));
    }), fuzzOptions());
  });

  it('finds imports after every kind of line break, and none inside other text', () => {
    const text = 'x = 1\rimport os\u2028import a.b, c  # two\r\nfrom m import (a,\n  b as c)\nfrom dill import loads\nimport x as y\u2029y = "import z"\n';
    assert.deepEqual(python.importedModules!(text), new Set(['os', 'a', 'c']));
    assert.deepEqual(python.importedNames!(text), new Map([['a', 'm.a'], ['c', 'm.b'], ['loads', 'dill.loads'], ['y', 'x']]));
  });
});
