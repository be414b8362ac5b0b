import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { fieldName, nearest, RulesetError, type ParsedFile } from './load';

let validator: ValidateFunction | undefined;

/** `schemas/ruleset.schema.json`, the same file the extension contributes to the editor's JSON support. */
export function rulesetSchemaPath(): string {
  // Bundled: dist/*.js → ../schemas. From tsc output: out/server/src/ruleset/schema.js → ../../../../schemas.
  const candidates = [join(__dirname, '..', 'schemas'), join(__dirname, '..', '..', '..', '..', 'schemas')];
  const dir = candidates.find((d) => existsSync(join(d, 'ruleset.schema.json'))) ?? candidates[0]!;
  return join(dir, 'ruleset.schema.json');
}

function compiled(): ValidateFunction {
  if (!validator) {
    // Loaded on the first ruleset file, not with the server: most workspaces have none.
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
    // VS Code's JSON support shows these; ajv only needs to accept them.
    ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
    ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
    validator = ajv.compile(JSON.parse(readFileSync(rulesetSchemaPath(), 'utf8')) as object);
  }
  return validator;
}

/** Validates parsed data against the schema; the first, most specific error becomes a located RulesetError. */
export function validateSchema(data: unknown, file: string, parsed: ParsedFile): void {
  const validate = compiled();
  if (validate(data)) return;
  const errors = validate.errors ?? [];
  const depth = (e: ErrorObject) => (e.instancePath ? e.instancePath.split('/').length : 0);
  const deepest = Math.max(...errors.map(depth));
  const atDeepest = errors.filter((e) => depth(e) === deepest);
  // Prefer a located key problem, then the combined `anyOf` message, then the first.
  const error = atDeepest.find((e) => e.keyword === 'additionalProperties' || e.keyword === 'required' || e.keyword === 'propertyNames')
    ?? atDeepest.find((e) => e.keyword === 'anyOf')
    ?? atDeepest[0]!;
  const path = error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).map((p, i, all) => {
    return /^\d+$/.test(p) && isArrayAt(data, all.slice(0, i)) ? Number(p) : p;
  });
  const schema = error.parentSchema as { errorMessage?: string; patternErrorMessage?: string; properties?: Record<string, unknown> } | undefined;
  let line = parsed.line(path);
  let field = fieldName(path);
  let problem: string;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(schema?.properties ?? {}).filter((k) => k !== '$schema');
      const near = nearest(key, allowed);
      line = parsed.keyLine(path, key);
      field = fieldName([...path, key]);
      problem = `unknown key "${key}"${near ? `; did you mean "${near}"?` : ''} Allowed here: ${allowed.join(', ')}`;
      break;
    }
    case 'required': {
      const key = String((error.params as { missingProperty: string }).missingProperty);
      problem = `missing "${key}"; add ${key}: …`;
      break;
    }
    case 'propertyNames': {
      const key = String((error.params as { propertyName: string }).propertyName);
      line = parsed.keyLine(path, key);
      field = fieldName([...path, key]);
      const inner = errors.find((e) => e.keyword === 'pattern' && e.propertyName === key);
      problem = `"${key}" is not a valid name here; ${(inner?.parentSchema as { patternErrorMessage?: string } | undefined)?.patternErrorMessage ?? 'check the spelling'}`;
      break;
    }
    case 'pattern':
      problem = `"${String(valueAt(data, path))}" is not valid; ${lower(schema?.patternErrorMessage ?? `it must match ${String((error.params as { pattern: string }).pattern)}`)}`;
      break;
    case 'enum':
      problem = `"${String(valueAt(data, path))}" is not allowed; use one of ${((error.params as { allowedValues: unknown[] }).allowedValues).join(', ')}`;
      break;
    case 'type':
      problem = schema?.errorMessage ?? `must be ${article((error.params as { type: string }).type)}`;
      break;
    default: {
      const value = valueAt(data, path);
      const choices = atDeepest.find((e) => e.keyword === 'enum')?.params as { allowedValues: unknown[] } | undefined;
      if (error.keyword === 'anyOf' && typeof value === 'string' && choices) {
        problem = `"${value}" is not one of ${choices.allowedValues.join(', ')}; ${lower(schema?.errorMessage ?? 'use one of them')}`;
        break;
      }
      const shown = value === null || typeof value !== 'object' ? `${JSON.stringify(value)} is not valid here; ` : '';
      problem = `${shown}${lower(schema?.errorMessage ?? `${error.message ?? 'check the value'}`)}`;
    }
  }
  throw new RulesetError(file, line, field, problem);
}

function lower(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function article(type: string): string {
  const map: Record<string, string> = {
    array: 'a list (- item)', object: 'a mapping (key: value)', string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false',
  };
  return type.split(',').map((t) => map[t] ?? t).join(' or ');
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let v: unknown = data;
  for (const p of path) v = (v as Record<string | number, unknown> | undefined)?.[p];
  return v;
}

function isArrayAt(data: unknown, path: (string | number)[]): boolean {
  return Array.isArray(valueAt(data, path));
}
