/**
 * Types shared by the client and the server: settings, the data a diagnostic carries, and the
 * custom messages. Defined once here; the client imports this file (types only).
 */

import type { Severity } from './engine/types';

/** `warden.*` settings, read per resource. */
export interface WardenSettings {
  /** Analyse files at all. */
  enable: boolean;
  /** Findings below this severity are not shown. */
  severityThreshold: Severity;
  /** Globs (workspace-relative) of files never analysed. */
  exclude: string[];
  /** Files larger than this many KB are skipped with a message. */
  maxFileSizeKB: number;
  /** Path (workspace-relative or absolute) or `https://` URL of a team ruleset; empty means `.warden/ruleset.yaml`. */
  ruleset: string;
  /** The developer's own severities by rule id; rules the team ruleset marks required cannot be lowered. */
  rules?: Record<string, Severity | 'off'>;
  /** How findings in the team's baseline (`.warden/baseline.json`) are shown: as hints, not at all, or like any other. */
  baselinedFindings: 'hint' | 'hide' | 'show';
}

export const DEFAULT_SETTINGS: WardenSettings = {
  enable: true,
  severityThreshold: 'info',
  exclude: [],
  maxFileSizeKB: 2048,
  ruleset: '',
  baselinedFindings: 'hint',
};

/** An edit in LSP coordinates (0-based line and UTF-16 character). */
export interface LspTextEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

export interface FixData {
  title: string;
  edits: LspTextEdit[];
  /** Appends to files beside the document, e.g. `NAME=` to `.env.example`. */
  fileEdits?: { relativePath: string; append: string }[];
}

/** What every Warden diagnostic carries in `Diagnostic.data`; code actions are answered from it. */
export interface DiagnosticData {
  ruleId: string;
  /** Document version the positions refer to; actions on an older version are not offered. */
  version: number;
  fingerprint: string;
  fix?: FixData;
  suggestions: FixData[];
  /** Where the lesson lives: the team's page, or the bundled lesson. */
  lesson?: string;
  /** The finding is in the team's baseline: accepted on the day the baseline was written. */
  baselined?: true;
}

/** Arguments of the client command that inserts a suppression comment and puts the cursor on the reason. */
export interface SuppressArgs {
  uri: string;
  /** 0-based line the comment goes above. */
  line: number;
  ruleId: string;
  commentPrefix: string;
  commentSuffix: string;
}

export const COMMANDS = {
  suppress: 'warden.suppress',
  openLesson: 'warden.openLesson',
} as const;

/** Sent by the server after each analysis so the client can keep its status bar current. */
export const STATUS_NOTIFICATION = 'warden/status';
export interface StatusParams {
  uri: string;
  counts: Record<Severity, number>;
  skipped?: string;
}
