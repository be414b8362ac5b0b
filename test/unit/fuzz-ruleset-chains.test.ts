import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { CHAIN_LIMITS, loadRuleset, RulesetError } from '../../server/src/ruleset/load';
import type { FetchText } from '../../server/src/ruleset/fetch';
import { FUZZ_RUNS, fuzzOptions, tried } from '../helpers/fuzz';

/** The workspace the generated chains live in; nothing is written: files come through the overlay hook. */
const ROOT = '/work-fuzz/ws';
const file = (i: number) => join(ROOT, '.warden', i === 0 ? 'ruleset.yaml' : `r${i}.yaml`);

/** An `extends` entry: another file of the chain (maybe itself, maybe again), a preset, or something hostile. */
const target = (files: number) => fc.oneof(
  { weight: 8, arbitrary: fc.nat({ max: files - 1 }).map((i) => `./${i === 0 ? 'ruleset.yaml' : `r${i}.yaml`}`) },
  { weight: 1, arbitrary: fc.constantFrom('warden:recommended', 'warden:strict') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '/etc/passwd', '../../../../etc/shadow', '/proc/self/pagemap', '../outside.yaml', './missing.yaml',
      'https://rules.example.com/base.yaml', 'https://rules.example.com/base.yaml#sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    ),
  },
);

const RULE_IDS = ['weak-hash', 'eval-non-literal', 'hardcoded-password', 'no-such-rule'];

/** One ruleset file: extends, ignorePaths (often repeated), rules and required, sometimes broken YAML. */
const rulesetText = (files: number) => fc.record({
  extends: fc.array(target(files), { maxLength: 40 }),
  ignore: fc.array(fc.nat({ max: 5000 }), { maxLength: 3000 }),
  rules: fc.array(fc.tuple(fc.constantFrom(...RULE_IDS), fc.constantFrom('off', 'info', 'warning', 'error')), { maxLength: 4 }),
  required: fc.array(fc.constantFrom(...RULE_IDS), { maxLength: 2 }),
  garbage: fc.oneof({ weight: 9, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('a: &a [*a]\n', ': :\n', '\t- x\n', '{"x": ') }),
}).map((f) => [
  f.extends.length > 0 ? `extends:\n${f.extends.map((e) => `  - "${e}"`).join('\n')}` : '',
  f.ignore.length > 0 ? `ignorePaths:\n${f.ignore.map((n) => `  - "gen/d${n}/**"`).join('\n')}` : '',
  f.rules.length > 0 ? `rules:\n${[...new Map(f.rules)].map(([id, s]) => `  ${id}: ${s}`).join('\n')}` : '',
  f.required.length > 0 ? `required: [${[...new Set(f.required)].join(', ')}]` : '',
  f.garbage,
].filter(Boolean).join('\n') + '\n');

const chain = fc.integer({ min: 1, max: 40 }).chain((n) => fc.array(rulesetText(n), { minLength: n, maxLength: n }));

describe('fuzz: ruleset chains', function () {
  this.timeout(300_000);

  it('loads any chain within its limits, or refuses it with a located RulesetError; reads each file once and nothing outside', async () => {
    const fetchSpy: FetchText = () => assert.fail('an untrusted chain must not fetch');
    await fc.assert(
      fc.asyncProperty(chain, async (texts) => {
        tried('ruleset chains');
        const files = new Map(texts.map((t, i) => [file(i), t]));
        const reads = new Map<string, number>();
        const overlay = (f: string) => {
          assert.ok(f.startsWith(`${ROOT}/`), `read outside the workspace: ${f}`);
          reads.set(f, (reads.get(f) ?? 0) + 1);
          return files.get(f);
        };
        try {
          const loaded = await loadRuleset(file(0), { overlay, roots: [ROOT], allowFetch: false, fetch: fetchSpy, cacheDir: '/nonexistent-warden-cache' });
          const ignore = loaded.config.ignorePaths ?? [];
          assert.ok(ignore.length <= CHAIN_LIMITS.ignorePaths);
          assert.equal(new Set(ignore).size, ignore.length, 'merged ignorePaths hold no repeats');
          assert.ok(loaded.sources.length <= CHAIN_LIMITS.files);
        } catch (error) {
          assert.ok(error instanceof RulesetError, `not a RulesetError: ${String(error)}`);
          assert.ok(error.line >= 1 && error.field.length > 0, error.message);
          assert.ok(error.file === file(0) || files.has(error.file) || error.file.startsWith(ROOT) || error.file.startsWith('https://'), error.message);
          assert.doesNotMatch(error.message, /root:x|gen\/d\d+\/\*\*.*gen\/d\d+/, 'an error quotes no file content');
        }
        for (const [f, n] of reads) assert.equal(n, 1, `${f} was read ${n} times`);
        assert.ok(reads.size <= CHAIN_LIMITS.files);
      }),
      fuzzOptions(Math.ceil(FUZZ_RUNS / 10)),
    );
  });
});
