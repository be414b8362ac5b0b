import type { Connection, Diagnostic, InitializeParams, WorkspaceFolder } from 'vscode-languageserver';
import { compileRuleset, type Ruleset } from './engine/ruleset';
import { BUILTIN_CATALOG } from './rules';
import type { WardenSettings } from './protocol';

/** Where the server gets the effective ruleset for a document. */
export interface RulesetProvider {
  initialize?(connection: Connection, folders: WorkspaceFolder[], params: InitializeParams): void;
  get(folder: WorkspaceFolder | undefined, settings: WardenSettings): Promise<Ruleset>;
  /** Called when a ruleset changed and open documents must be analysed again. */
  onDidChange(listener: () => void): void;
  /** An open document's text changed, or it closed (`undefined`): unsaved ruleset edits apply at once. */
  documentChanged?(uri: string, text: string | undefined): void;
  /** Files changed on disk (`workspace/didChangeWatchedFiles`). */
  filesChanged?(uris: string[]): void;
  /** The baseline file the folder's ruleset names (absolute path), if it names one; call after `get`. */
  baselineFor?(folder: WorkspaceFolder | undefined, settings: WardenSettings): string | undefined;
  /** Diagnostics the provider owns for a document, e.g. problems in a ruleset file; merged into its own. */
  diagnosticsFor?(uri: string): Diagnostic[];
}

/** The built-in rules at their default settings, compiled once. */
export class BuiltinRulesetProvider implements RulesetProvider {
  private readonly ruleset = compileRuleset({}, BUILTIN_CATALOG);

  get(): Promise<Ruleset> {
    return Promise.resolve(this.ruleset);
  }

  onDidChange(): void {}
}
