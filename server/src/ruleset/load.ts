import { readFile } from 'node:fs/promises';
import { parseDocument, isMap, type Document } from 'yaml';
import type { RulesetConfig, RuleSetting } from '../engine/ruleset';
import type { Severity } from '../engine/types';

/** A problem in a ruleset file, located so a person can go straight to it. */
export class RulesetError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${field}: ${problem}`);
    this.name = 'RulesetError';
  }
}

const LEVELS = new Set(['off', 'info', 'warning', 'error']);

/** Reads a ruleset file (YAML or JSON) into plain data, or throws a RulesetError naming file, line and field. */
export async function loadRulesetFile(file: string): Promise<RulesetConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RulesetError(file, 1, '(file)', `cannot read it: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseRuleset(text, file);
}

export function parseRuleset(text: string, file: string): RulesetConfig {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : text.slice(0, offset).split('\n').length);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new RulesetError(file, lineOf(e.pos[0]), '(syntax)', e.message.split('\n')[0]!);
  }
  if (doc.contents !== null && !isMap(doc.contents)) throw new RulesetError(file, 1, '(root)', 'must be a mapping of keys such as `rules:`');
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  const config: RulesetConfig = {};
  const rules = data.rules;
  if (rules !== undefined) {
    if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) {
      throw new RulesetError(file, fieldLine(doc, ['rules'], lineOf), 'rules', 'must map rule ids to off | info | warning | error');
    }
    config.rules = {};
    for (const [id, value] of Object.entries(rules as Record<string, unknown>)) {
      const setting = typeof value === 'string' ? { severity: value } : (value as { severity?: unknown });
      if (typeof setting !== 'object' || setting === null || !LEVELS.has(String(setting.severity))) {
        throw new RulesetError(file, fieldLine(doc, ['rules', id], lineOf), `rules.${id}`, `"${String(typeof value === 'string' ? value : setting?.severity)}" is not one of off, info, warning, error`);
      }
      config.rules[id] = { ...(setting as object), severity: setting.severity as Severity | 'off' } as RuleSetting;
    }
  }
  if (data.ignorePaths !== undefined) {
    if (!Array.isArray(data.ignorePaths) || !data.ignorePaths.every((p) => typeof p === 'string')) {
      throw new RulesetError(file, fieldLine(doc, ['ignorePaths'], lineOf), 'ignorePaths', 'must be a list of glob strings');
    }
    config.ignorePaths = data.ignorePaths as string[];
  }
  return config;
}

function fieldLine(doc: Document, path: string[], lineOf: (offset: number | undefined) => number): number {
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  return lineOf(node?.range?.[0]);
}
