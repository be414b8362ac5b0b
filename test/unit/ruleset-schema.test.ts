import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { STARTER_RULESET } from '../../server/src/ruleset/starter';
import { rulesetSchemaPath } from '../../server/src/ruleset/schema';

const ROOT = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: {
    jsonValidation: { fileMatch: string[]; url: string }[];
    yamlValidation: { fileMatch: string[]; url: string }[];
    commands: { command: string; title: string }[];
    configuration: { properties: Record<string, { scope?: string }> };
  };
};

type Schema = { title?: string; description?: string; properties?: Record<string, Schema>; definitions?: Record<string, Schema> };
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'ruleset.schema.json'), 'utf8')) as Schema;

describe('ruleset schema and manifest', () => {
  it('is the file the loader validates with, contributed for .warden JSON and YAML files', () => {
    assert.equal(rulesetSchemaPath(), join(ROOT, 'schemas', 'ruleset.schema.json'));
    for (const v of [...manifest.contributes.jsonValidation, ...manifest.contributes.yamlValidation]) {
      // The baseline (.warden/baseline.json) has its own schema; every other .warden file is a ruleset.
      const baseline = v.fileMatch.every((f) => f.endsWith('/baseline.json'));
      assert.equal(v.url, baseline ? './schemas/baseline.schema.json' : './schemas/ruleset.schema.json');
      assert.ok(existsSync(join(ROOT, v.url)));
    }
    assert.ok(manifest.contributes.jsonValidation.some((v) => v.fileMatch.includes('.warden/ruleset.json')));
    assert.ok(manifest.contributes.yamlValidation.some((v) => v.fileMatch.includes('.warden/ruleset.yaml')));
  });

  it('titles and describes every top-level property', () => {
    for (const [key, prop] of Object.entries(schema.properties ?? {})) {
      if (key === '$schema') continue;
      assert.ok(prop.title, `${key} has a title`);
      assert.ok(prop.description, `${key} has a description`);
    }
  });

  it('accepts the starter file as editors see it (plain JSON Schema, no Warden code)', () => {
    const ajv = new Ajv({ strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    assert.equal(validate(parse(STARTER_RULESET)), true, JSON.stringify(validate.errors));
    assert.equal(validate(parse(STARTER_RULESET.replace(/^# (customRules:|training:|  )/gm, '$1'))), true, JSON.stringify(validate.errors));
    assert.equal(validate({ rules: { 'weak-hash': 'loud' } }), false);
    assert.equal(validate({ extends: ['http://example.com/r.yaml'] }), false);
  });

  it('declares limited Restricted Mode support with warden.ruleset restricted', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['warden.ruleset']);
    assert.ok(manifest.contributes.configuration.properties['warden.ruleset']);
    assert.ok(manifest.contributes.configuration.properties['warden.rules']);
  });

  it('contributes the team ruleset and lesson commands, and the client registers them', () => {
    const client = ['extension.ts', 'teamRuleset.ts'].map((f) => readFileSync(join(ROOT, 'client', 'src', f), 'utf8')).join('\n');
    for (const id of ['warden.createTeamRuleset', 'warden.openLesson']) {
      assert.ok(manifest.contributes.commands.some((c) => c.command === id), `${id} contributed`);
    }
    assert.ok(client.includes("registerCommand('warden.createTeamRuleset'"));
    assert.ok(client.includes('registerCommand(COMMANDS.openLesson'));
    assert.ok(!client.includes("'markdown.showPreview'"), 'lessons open in the themed webview, not the Markdown preview');
  });
});
