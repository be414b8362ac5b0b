/**
 * Messages of the workspace scan and the report export. Types and constants only: the client
 * imports this file, so it must not pull engine code into the client bundle.
 */
import type { Severity } from './engine/types';

/** Client → server request: analyse every file of every workspace folder. Cancellable. */
export const SCAN_WORKSPACE_REQUEST = 'warden/scanWorkspace';
/** Server → client notification while a scan runs. */
export const SCAN_PROGRESS_NOTIFICATION = 'warden/scanProgress';
/** Client → server request: the last scan as SARIF and HTML. */
export const EXPORT_REPORT_REQUEST = 'warden/exportReport';

export interface ScanWorkspaceParams {
  /** Extra globs to leave out (the client sends the enabled `files.exclude` patterns). */
  excludes?: string[];
}

export interface ScanProgressParams {
  done: number;
  total: number;
  findings: number;
}

export interface ScanWorkspaceResult {
  /** Files analysed (open editors included). */
  files: number;
  /** Files left out: too big, unreadable, or in the team ruleset's ignorePaths. */
  skipped: number;
  filesWithFindings: number;
  counts: Record<Severity, number>;
  cancelled: boolean;
}

export interface ExportReportResult {
  /** False when no scan has run yet. */
  available: boolean;
  sarif: string;
  html: string;
  findings: number;
}
