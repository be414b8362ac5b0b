import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRuleset, RulesetError, type LoadOptions } from '../../server/src/ruleset/load';

/** A fresh temporary folder for ruleset files. */
export function rulesetFolder(prefix = 'warden-ruleset-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `name` (folders created as needed) under `dir` and returns its path. */
export function writeRulesetFile(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** The RulesetError loading `file` must give; fails the test when it loads. */
export async function loadError(file: string, options: LoadOptions = {}): Promise<RulesetError> {
  try {
    await loadRuleset(file, options);
  } catch (error) {
    assert.ok(error instanceof RulesetError, `expected a RulesetError, got ${String(error)}`);
    return error;
  }
  assert.fail(`${file} loaded, but it should not have`);
}

/**
 * A custom rule whose pattern matches greedily to the end of each long line of `x` (issue 17, item 1):
 * RE2 runs it in linear time per match, but matches × length made it take minutes before the work budget.
 */
export const GREEDY_RULESET = [
  'customRules:',
  '  - id: greedy-tail',
  '    message: "tail {masked}"',
  '    severity: warning',
  '    pattern: "x(?:[^Q]*(Q))?"',
  '    secretGroup: 1',
  '    keywords: ["xx"]',
  '    examples: { match: ["xxQ"], noMatch: ["y"] }',
  '',
].join('\n');
