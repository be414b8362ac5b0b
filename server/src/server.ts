import { readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileGlobs } from './engine/glob';
import { escapeMarkdown, isRuleIdShape, safeHttpsUrl } from './engine/markdown';
import {
  CodeAction, CodeActionKind, DiagnosticSeverity, DidChangeConfigurationNotification, TextDocuments,
  TextDocumentSyncKind, type CodeActionParams, type Connection, type Diagnostic, type Hover, type HoverParams,
  type InitializeParams, type InitializeResult, type WorkspaceEdit, type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { DEFAULT_MAX_FILE_SIZE } from './engine/skip';
import { analyze, prepareAnalysis, redact } from './engine/engine';
import { atLeast, type AnalysisResult, type Finding, type Fix, type Severity } from './engine/types';
import { detectLanguage, JS_TS_LANGUAGES, syntaxOf } from './engine/languages';
import { collectRenderFacts, factsFor, mayRenderTemplates, mergeRenderFacts, type RenderFacts } from './templates/renderIndex';
import { templateEngineOf } from './templates/sites';
import { catalogRuleIds, type Ruleset } from './engine/ruleset';
import {
  COMMANDS, DEFAULT_SETTINGS, STATUS_NOTIFICATION, type DiagnosticData, type FixData, type StatusParams,
  type SuppressArgs, type WardenSettings,
} from './protocol';
import type { RulesetProvider } from './rulesetProvider';
import { WorkspaceRulesetProvider } from './ruleset/provider';
import { lessonFor } from './lessons';
import { BUILTIN_CATALOG } from './rules';
import { registerWorkspaceScan } from './workspaceScan';
import { AnalysisWorker, DEFAULT_PREWARM_IDLE_MS, DEFAULT_WORKER_THRESHOLD } from './analysisWorker';
import { isGrammarLoaded } from './treesitter/runtime';
import { ParseCaches } from './parseCaches';
import type { ParseCache } from './engine/reparse';

export { ParseCaches };
import { BaselineCache } from './baselines';
import { DEFAULT_BASELINE } from './cli/baseline';
import { parserInUse, startParser } from './engine/parser';
import { ProjectFactsReader } from './projectFacts';
import type { ProjectFacts } from './engine/project';

/** With no analysis before it, the parser in use is loaded and reported this long after `initialized`. */
const PARSER_REPORT_IDLE_MS = 1000;

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.warden`;

export interface ServerOptions {
  rulesetProvider?: RulesetProvider;
  /** Where the bundled lessons live; defaults to `lessons/` beside the extension. */
  lessonsDir?: string;
  /** Documents longer than this (UTF-16 code units) are analysed on a worker thread; default 256 KB. */
  workerThreshold?: number;
  /**
   * That worker starts once no analysis has finished for this long (default 500 ms), so that a big
   * document opened later does not wait for it to load; `false`: only when a big document needs it.
   */
  workerPrewarmMs?: number | false;
}

interface Analysed {
  version: number;
  result: AnalysisResult;
  findings: Finding[];
  ruleset: Ruleset;
}

/**
 * Creates the Warden language server on a connection. The caller owns the connection, so tests can
 * drive the server over in-memory streams and the extension over IPC, with the same code.
 */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(SAFE_DOCUMENTS);
  const settingsCache = new Map<string, Promise<WardenSettings>>();
  const analysed = new Map<string, Analysed>();
  /** Each document's analysis waiting to run, by how to cancel it. */
  const timers = new Map<string, () => void>();
  /** When each document's last analysis ended and how long it took, to space out the next one. */
  const lastRun = new Map<string, { end: number; took: number; ticket: number; covered: number }>();
  /** The last `warden/status` sent for each open document. */
  const lastStatus = new Map<string, string>();
  /** package.json facts (dependency versions) for documents on disk, each manifest read once and again when it changes. */
  const projectFacts = new ProjectFactsReader();
  /** The facts each open document was last analysed with (the reader hands out one object per manifest version). */
  const factsUsed = new Map<string, ProjectFacts | undefined>();
  /** How many analyses each document has asked for; a run publishes only if none was asked after it. */
  const requests = new Map<string, number>();
  const parses = new ParseCaches(PARSE_CACHE_DOCUMENTS);
  // Render facts of each open JS/TS document, by uri, for the version they were read from.
  const renderFacts = new Map<string, { version: number; facts: RenderFacts }>();
  /**
   * For a template: what the open JS/TS documents of its folder pass to it (`res.render('profile', {…})`).
   * The editor knows only the open documents; `warden scan` reads the whole project.
   */
  const rendersFor = (path: string, languageId: string, folder: WorkspaceFolder | undefined): RenderFacts | undefined => {
    if (!templateEngineOf(path, detectLanguage(path, languageId))) return undefined;
    const facts: RenderFacts = { calls: [], bypassed: {} };
    for (const doc of documents.all()) {
      if (folderOf(doc.uri) !== folder) continue;
      const docPath = workspacePath(doc.uri, folder);
      if (!mayRenderTemplates(detectLanguage(docPath, doc.languageId))) continue;
      let cached = renderFacts.get(doc.uri);
      if (!cached || cached.version !== doc.version) {
        cached = { version: doc.version, facts: collectRenderFacts([{ path: docPath, text: doc.getText() }]) };
        renderFacts.set(doc.uri, cached);
      }
      mergeRenderFacts(facts, cached.facts);
    }
    return factsFor(facts, path);
  };
  /** Loads the grammars of the open documents `rendersFor` reads; whether it had to wait for one. */
  const loadRenderGrammars = async (path: string, languageId: string, folder: WorkspaceFolder | undefined): Promise<boolean> => {
    if (!templateEngineOf(path, detectLanguage(path, languageId))) return false;
    const waits = documents.all()
      .filter((doc) => folderOf(doc.uri) === folder)
      .map((doc) => ({ path: workspacePath(doc.uri, folder), languageId: doc.languageId }))
      .filter((doc) => { const language = detectLanguage(doc.path, doc.languageId); return mayRenderTemplates(language) && !isGrammarLoaded(language) && !JS_TS_LANGUAGES.has(language); });
    if (waits.length === 0) return false;
    await Promise.all(waits.map((doc) => prepareAnalysis(doc)));
    return true;
  };
  let folders: WorkspaceFolder[] = [];
  let pullConfiguration = false;
  let lessonCommandLinks = false;
  const rulesets: RulesetProvider = options.rulesetProvider ?? new WorkspaceRulesetProvider();
  const lessonsDir = options.lessonsDir ?? defaultLessonsDir();
  const workerThreshold = options.workerThreshold ?? DEFAULT_WORKER_THRESHOLD;
  const worker = new AnalysisWorker();
  const workerPrewarmMs = options.workerPrewarmMs ?? DEFAULT_PREWARM_IDLE_MS;
  connection.onExit(() => {
    worker.dispose();
    clearTimeout(parserReport);
  });
  const baselines = new BaselineCache((message) => connection.console.error(message));

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    pullConfiguration = Boolean(params.capabilities.workspace?.configuration);
    // The Warden client trusts its own openLesson command in hovers, so a bundled lesson opens in its themed view.
    lessonCommandLinks = Boolean((params.initializationOptions as { lessonCommandLinks?: boolean } | undefined)?.lessonCommandLinks);
    rulesets.initialize?.(connection, folders, params);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'warden', version: '0.1.0' },
    };
  });

  /** Says once which JS/TS parser this is (loading it, if no analysis has yet). */
  let parserReported = false;
  let parserReport: NodeJS.Timeout | undefined;
  const reportParser = (): void => {
    if (parserReported) return;
    parserReported = true;
    clearTimeout(parserReport);
    let info: ReturnType<typeof parserInUse>;
    try {
      info = parserInUse();
    } catch (error) {
      say(() => connection.console.error(`Warden has no JavaScript/TypeScript parser: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    const { description, notLoaded, transfer } = info;
    say(() => connection.console.info(`Warden parses JavaScript and TypeScript with ${description}${transfer?.why ? ` (no raw transfer: ${transfer.why})` : ''}${notLoaded.length ? ` (not loaded: ${notLoaded.join('; ')})` : ''}`));
  };
  /** Analyses started and not yet ended: the timer's report waits for them, as it would hold them up. */
  let inFlight = 0;
  const reportParserWhenIdle = (): void => {
    if (inFlight > 0 || timers.size > 0) parserReport?.refresh();
    else reportParser();
  };
  /** Logs from a timer: a connection closed meanwhile has no one to tell. */
  const say = (log: () => void): void => {
    try {
      log();
    } catch {
      // the connection closed before the timer fired
    }
  };

  connection.onInitialized(() => {
    // The parse thread is already loading beside this one (the loader started it). Asking for the
    // parser here would block this thread until it has loaded, before the first document's settings,
    // ruleset and text rules, which need no parser; so it is asked for after the first analysis (which
    // usually loaded it) or, when no document comes, in the first pause.
    parserReport = setTimeout(reportParserWhenIdle, PARSER_REPORT_IDLE_MS).unref();
    if (pullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'warden' });
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      folders = folders.filter((f) => !e.removed.some((r) => r.uri === f.uri)).concat(e.added);
      revalidateAll();
    });
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    revalidateAll();
  });
  rulesets.onDidChange(() => revalidateAll());
  connection.onDidChangeWatchedFiles((e) => {
    rulesets.filesChanged?.(e.changes.map((c) => c.uri));
    // A baseline written or pulled: the findings it covers change look at once.
    if (e.changes.some((c) => c.uri.startsWith('file:') && (baselines.has(fileURLToPath(c.uri)) || c.uri.endsWith(`/${DEFAULT_BASELINE}`)))) revalidateAll();
  });

  // An open fires onDidOpen and then onDidChangeContent (vscode-languageserver's TextDocuments): handled
  // here once. Scheduled twice, an open counted as two changes covered by one analysis, and `spacing`
  // then held the first edit back for as long as the open's analysis had taken (1 MB file: the first
  // edit's diagnostics came about a second later than the open's).
  documents.onDidChangeContent((e) => {
    rulesets.documentChanged?.(e.document.uri, e.document.getText());
    schedule(e.document.uri);
  });
  documents.onDidClose((e) => {
    timers.get(e.document.uri)?.();
    timers.delete(e.document.uri);
    lastRun.delete(e.document.uri);
    lastStatus.delete(e.document.uri);
    requests.delete(e.document.uri);
    analysed.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    worker.forget(e.document.uri);
    parses.delete(e.document.uri);
    factsUsed.delete(e.document.uri);
    renderFacts.delete(e.document.uri);
    rulesets.documentChanged?.(e.document.uri, undefined);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: rulesets.diagnosticsFor?.(e.document.uri) ?? [] });
  });

  function revalidateAll(): void {
    for (const doc of documents.all()) schedule(doc.uri);
  }

  /**
   * Analyses as soon as the event loop is free, and coalesces: every change that arrives before then,
   * including all that arrive while an analysis runs, is covered by one analysis of the newest text.
   * (A fixed debounce would add its delay to every keystroke's diagnostics; big documents run on the
   * worker thread, so the loop stays free for the others.)
   */
  function schedule(uri: string): void {
    requests.set(uri, (requests.get(uri) ?? 0) + 1);
    if (timers.has(uri)) return;
    const run = () => {
      timers.delete(uri);
      inFlight++;
      validate(uri).catch((error: unknown) => {
        // Nothing a document or a setting holds may stop the server: log (masked) and go on.
        connection.console.error(`Warden could not analyse ${uri}: ${redact(error instanceof Error ? error.message : String(error), [])}`);
      }).finally(() => inFlight--);
    };
    // Two immediates, not `setTimeout(…, 0)`: Node makes that a 1 ms timer, and the event loop then
    // slept that millisecond on every keystroke. The connection hands over the messages it has read
    // one per immediate, so a change already read behind this one is handled before the second hop:
    // a flood is still covered by one analysis, which then spaces the next ones (`spacing`).
    const delay = spacing(uri);
    if (delay > 0) {
      const timer = setTimeout(run, delay);
      timers.set(uri, () => clearTimeout(timer));
    } else {
      let immediate = setImmediate(() => {
        immediate = setImmediate(run);
      });
      timers.set(uri, () => clearImmediate(immediate));
    }
  }

  /**
   * How long to wait before analysing `uri` again. A change that follows an analysis of one change (the
   * editor's pace: each keystroke answered before the next arrives) waits for nothing. When the last
   * analysis had to cover several changes (they arrive faster than it runs: a flood, a paste macro, a
   * generator rewriting the file), the next starts no sooner than the last took, and at least
   * MIN_SPACING_MS, after it ended: analysis then takes at most half the server's time, and the flood is
   * covered by few analyses of the newest text.
   */
  function spacing(uri: string): number {
    const last = lastRun.get(uri);
    if (!last || last.covered <= 1) return 0;
    return Math.max(0, last.end + Math.max(last.took, MIN_SPACING_MS) - performance.now());
  }

  function getSettings(uri: string): Promise<WardenSettings> {
    if (!pullConfiguration) return Promise.resolve(DEFAULT_SETTINGS);
    let cached = settingsCache.get(uri);
    if (!cached) {
      cached = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'warden' })
        .then((s: unknown) => normaliseSettings(s))
        .catch(() => DEFAULT_SETTINGS);
      settingsCache.set(uri, cached);
    }
    return cached;
  }

  async function validate(uri: string): Promise<void> {
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    // Asked again (an edit, a new ruleset or settings) while this run awaited: the newer run publishes.
    const ticket = requests.get(uri);
    const superseded = () => requests.get(uri) !== ticket;
    const settings = await getSettings(uri);
    const folder = folderOf(uri);
    let ruleset = await rulesets.get(folder, settings);
    // The document may have changed or closed while settings and ruleset were resolved: newest wins.
    const current = documents.get(uri);
    if (!current || current.version !== version || superseded()) return;

    const path = workspacePath(uri, folder);
    const input = { text: current.getText(), path, languageId: current.languageId };
    // A template's variables are traced through the open files that render it; a Python, PHP or Ruby
    // handler is read with its grammar, which loads once, on first use. Load it first, so a template
    // opened before its handler was analysed does not see (and cache) an empty handler.
    if (await loadRenderGrammars(path, current.languageId, folder) && (documents.get(uri)?.version !== version || superseded())) return;
    const project = uri.startsWith('file:') ? projectFacts.factsFor(fileURLToPath(uri)) : undefined;
    // package.json changed under the document: findings kept from the previous version may depend on it.
    if (factsUsed.has(uri) && factsUsed.get(uri) !== project) {
      parses.delete(uri);
      worker.forget(uri);
    }
    factsUsed.set(uri, project);
    let analyzeOptions: { maxFileSize: number; renders?: RenderFacts; project?: ProjectFacts } = { maxFileSize: settings.maxFileSizeKB * 1024, renders: rendersFor(path, current.languageId, folder), project };
    // A developer's own settings may turn Warden off for a file, but not the rules the team requires:
    // those still run, with at least the default size limit.
    const personallyOff = !settings.enable || isExcluded(path, settings.exclude);
    if (personallyOff && !ruleset.hasRequired()) {
      analysed.delete(uri);
      await connection.sendDiagnostics({ uri, version, diagnostics: rulesets.diagnosticsFor?.(uri) ?? [] });
      return;
    }
    if ((personallyOff || input.text.length > analyzeOptions.maxFileSize) && ruleset.hasRequired()) {
      ruleset = ruleset.onlyRequired();
      analyzeOptions = { maxFileSize: Math.max(analyzeOptions.maxFileSize, DEFAULT_MAX_FILE_SIZE), renders: analyzeOptions.renders, project };
    }
    const started = performance.now();
    let result: AnalysisResult;
    let parseCache: ParseCache | undefined;
    if (input.text.length > workerThreshold && AnalysisWorker.canRun(ruleset)) {
      // Big documents go to the worker thread, so small ones are not kept waiting behind them.
      try {
        const pending = worker.analyze(uri, input, ruleset, analyzeOptions);
        // The document's line offsets (its diagnostics' positions need them) are worked out on this thread
        // while the worker analyses, not after its answer: a new 1 MB document's took 10-40 ms.
        setImmediate(() => current.positionAt(0));
        const off = await pending;
        if (!off) return; // superseded by a newer version, or the document closed
        result = off;
      } catch (error) {
        result = { findings: [], suppressed: [], suppressions: [], ruleErrors: [], language: '', skipped: `Warden could not analyse this file: ${error instanceof Error ? error.message : String(error)}.` };
      }
      // Newest wins: never publish for a version the editor has moved past, nor for a closed document.
      if (documents.get(uri)?.version !== version || superseded()) return;
    } else {
      // A tree-sitter grammar loads once, on the first file of its language.
      await prepareAnalysis(input);
      if (documents.get(uri)?.version !== version || superseded()) return;
      // The document's previous tree, so an edit re-parses only the statements it touched.
      parseCache = parses.get(uri);
      result = analyze(input, ruleset, { ...analyzeOptions, parseCache });
    }
    const previous = lastRun.get(uri);
    lastRun.set(uri, { end: performance.now(), took: performance.now() - started, ticket: ticket ?? 0, covered: (ticket ?? 0) - (previous?.ticket ?? 0) });
    for (const e of result.ruleErrors) connection.console.error(`Rule ${e.ruleId} failed on ${path}: ${e.error}`);

    // A rule the team requires is shown whatever the personal threshold says.
    // Baselined findings are matched over the whole file, before the threshold, as `warden scan --baseline` does.
    const inBaseline = baselinedIn(uri, folder, settings, result.findings);
    const findings = result.findings.filter((f, i) => (atLeast(f.severity, settings.severityThreshold) || ruleset.isRequired(f.ruleId))
      && !(inBaseline[i] && settings.baselinedFindings === 'hide'));
    const baselined = new Set(result.findings.filter((_, i) => inBaseline[i] && settings.baselinedFindings === 'hint'));
    analysed.set(uri, { version, result, findings, ruleset });
    const diagnostics = result.skipped
      ? [skippedDiagnostic(result.skipped)]
      : findings.map((f) => toDiagnostic(current, f, version, ruleset, baselined.has(f)));
    if (result.notRun) diagnostics.push({ ...skippedDiagnostic(result.notRun.reason), code: result.notRun.cause === 'limited' ? 'warden-skipped' : 'warden-time-budget' });
    diagnostics.push(...(rulesets.diagnosticsFor?.(uri) ?? []));
    await connection.sendDiagnostics({ uri, version, diagnostics });
    // What the next edit will want of this analysis, worked out once its diagnostics are out. Should it
    // fail, the document's next version is analysed whole, as after a close.
    const settled = parseCache;
    if (settled) setImmediate(() => parses.settle(uri, settled));
    if (!parserReported) setImmediate(reportParser);
    if (workerPrewarmMs !== false) worker.prewarmWhenIdle(ruleset, workerPrewarmMs);
    const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    for (const f of findings) if (!baselined.has(f)) counts[f.severity]++;
    const status: StatusParams = { uri, counts, skipped: result.skipped };
    // Sent when it changed: most keystrokes leave the counts as they were, and every message is a write.
    const said = JSON.stringify(status);
    if (lastStatus.get(uri) !== said) {
      lastStatus.set(uri, said);
      void connection.sendNotification(STATUS_NOTIFICATION, status);
    }
  }

  /** Which findings the folder's baseline covers: the one its ruleset names, else `.warden/baseline.json`. */
  function baselinedIn(uri: string, folder: WorkspaceFolder | undefined, settings: WardenSettings, found: Finding[]): boolean[] {
    if (settings.baselinedFindings === 'show' || found.length === 0 || !uri.startsWith('file:') || !folder?.uri.startsWith('file:')) return found.map(() => false);
    const file = rulesets.baselineFor?.(folder, settings) ?? join(fileURLToPath(folder.uri), ...DEFAULT_BASELINE.split('/'));
    return baselines.get(file)?.covers(fileURLToPath(uri), found) ?? found.map(() => false);
  }

  /** A finding as a diagnostic; a baselined one is a hint (faint dots in the editor, left out of the Problems panel). */
  function toDiagnostic(doc: TextDocument, f: Finding, version: number, ruleset: Ruleset, baselined = false): Diagnostic {
    const lesson = lessonLink(f.ruleId, ruleset);
    const data: DiagnosticData = {
      ruleId: f.ruleId,
      version,
      fingerprint: f.fingerprint,
      fix: f.fix && toFixData(doc, f.fix),
      suggestions: f.suggestions.map((s) => toFixData(doc, s)),
      lesson,
      ...(baselined ? { baselined: true as const } : {}),
    };
    return {
      range: { start: doc.positionAt(f.start), end: doc.positionAt(f.end) },
      severity: baselined ? DiagnosticSeverity.Hint
        : f.severity === 'error' ? DiagnosticSeverity.Error : f.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
      source: 'warden',
      code: f.ruleId,
      codeDescription: lesson ? { href: lesson } : undefined,
      message: baselined ? `${f.message} (in the baseline: accepted when the baseline was written)` : f.message,
      // Where the data comes from and where its text is built, shown under the message.
      relatedInformation: f.related?.map((r) => ({ location: { uri: doc.uri, range: { start: doc.positionAt(r.start), end: doc.positionAt(r.end) } }, message: r.message })),
      data,
    };
  }

  function lessonLink(ruleId: string, ruleset: Ruleset): string | undefined {
    const team = ruleset.teamLesson(ruleId);
    if (team) return team;
    const file = join(lessonsDir, `${ruleId}.md`);
    return existsSync(file) ? pathToFileURL(file).toString() : undefined;
  }

  connection.onCodeAction((params: CodeActionParams): CodeAction[] => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const only = params.context.only;
    const wantsFixAll = only?.some((k) => FIX_ALL_KIND.startsWith(k) && k.startsWith(CodeActionKind.SourceFixAll));
    if (wantsFixAll) return fixAllAction(doc);
    if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];

    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== 'warden' || !diagnostic.data) continue;
      const data = diagnostic.data as DiagnosticData;
      if (data.version !== doc.version) continue;
      if (data.fix) actions.push(fixAction(doc, data.fix, diagnostic, true));
      for (const s of data.suggestions) actions.push(fixAction(doc, s, diagnostic, false));
      if (!data.ruleId.startsWith('warden-suppression')) {
        const syntax = syntaxOf(analysed.get(doc.uri)?.result.language ?? doc.languageId);
        if (syntax.commentPrefix) {
          const args: SuppressArgs = {
            uri: doc.uri, line: diagnostic.range.start.line, ruleId: data.ruleId,
            commentPrefix: syntax.commentPrefix, commentSuffix: syntax.commentSuffix,
          };
          actions.push({
            title: `Suppress ${data.ruleId} on this line with a reason…`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            command: { title: 'Suppress with a reason', command: COMMANDS.suppress, arguments: [args] },
          });
        }
      }
      actions.push({
        title: `Open the lesson for ${data.ruleId}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: 'Open lesson', command: COMMANDS.openLesson, arguments: [data.ruleId, data.lesson] },
      });
    }
    return actions;
  });

  function fixAction(doc: TextDocument, fix: FixData, diagnostic: Diagnostic, preferred: boolean): CodeAction {
    return {
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: preferred,
      edit: workspaceEdit(doc, [fix]),
    };
  }

  function fixAllAction(doc: TextDocument): CodeAction[] {
    const state = analysed.get(doc.uri);
    if (!state || state.version !== doc.version) return [];
    const fixes = state.findings.flatMap((f) => (f.fix ? [toFixData(doc, f.fix)] : []));
    if (fixes.length === 0) return [];
    return [{ title: 'Fix all Warden findings that have a safe fix', kind: FIX_ALL_KIND, edit: workspaceEdit(doc, fixes) }];
  }

  /** One edit for the document (overlapping fixes dropped) plus appends to files beside it. */
  function workspaceEdit(doc: TextDocument, fixes: FixData[]): WorkspaceEdit {
    const edits = fixes.flatMap((f) => f.edits).sort((a, b) => doc.offsetAt(a.range.start) - doc.offsetAt(b.range.start));
    const kept: typeof edits = [];
    let cursor = -1;
    for (const e of edits) {
      if (doc.offsetAt(e.range.start) < cursor) continue;
      kept.push(e);
      cursor = doc.offsetAt(e.range.end);
    }
    const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [{ textDocument: { uri: doc.uri, version: doc.version }, edits: kept }];
    for (const fe of fixes.flatMap((f) => f.fileEdits ?? [])) documentChanges.push(...appendChanges(doc.uri, fe.relativePath, fe.append));
    return { documentChanges };
  }

  /** Create the file if missing and append a line to it, unless the line is already there. */
  function appendChanges(docUri: string, relativePath: string, append: string): NonNullable<WorkspaceEdit['documentChanges']> {
    if (!docUri.startsWith('file:')) return [];
    const target = join(dirname(fileURLToPath(docUri)), relativePath);
    const uri = pathToFileURL(target).toString();
    const open = documents.get(uri);
    const existing = open?.getText() ?? readRegularFile(target);
    if (existing !== undefined && existing.split(/\r?\n/).includes(append.trimEnd())) return [];
    const lines = existing === undefined ? [''] : existing.split('\n');
    const end = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
    const newText = existing && !existing.endsWith('\n') ? `\n${append}` : append;
    const changes: NonNullable<WorkspaceEdit['documentChanges']> = [];
    if (existing === undefined) changes.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    changes.push({ textDocument: { uri, version: open?.version ?? null }, edits: [{ range: { start: end, end }, newText }] });
    return changes;
  }

  connection.onHover((params: HoverParams): Hover | null => {
    const doc = documents.get(params.textDocument.uri);
    const state = analysed.get(params.textDocument.uri);
    if (!doc || !state || state.version !== doc.version) return null;
    const offset = doc.offsetAt(params.position);
    const hits = state.findings.filter((f) => f.start <= offset && offset <= f.end);
    if (hits.length === 0) return null;
    const sections = hits.map((f) => {
      const meta = state.ruleset.meta(f.ruleId);
      const lesson = lessonLink(f.ruleId, state.ruleset);
      const summary = lessonFor(f.ruleId, lessonsDir)?.summary;
      // Titles, messages and links can come from a workspace's ruleset: every piece of text is
      // escaped and every link checked, so none of it becomes a link or a trusted command.
      const lessonHref = !lesson ? undefined
        : lesson.startsWith('file:') ? (lessonCommandLinks && isRuleIdShape(f.ruleId) ? openLessonCommand(f.ruleId) : markdownHref(lesson))
        : safeHttpsUrl(lesson) && markdownHref(safeHttpsUrl(lesson)!);
      const links = [
        lessonHref ? `[Lesson](${lessonHref})` : undefined,
        ...f.cwe.filter((c) => /^CWE-\d+$/.test(c)).map((c) => `[${c}](https://cwe.mitre.org/data/definitions/${c.slice(4)}.html)`),
      ].filter(Boolean);
      return [
        `**Warden: ${escapeMarkdown(meta?.title ?? f.ruleId)}** ${isRuleIdShape(f.ruleId) ? `\`${f.ruleId}\`` : `(${escapeMarkdown(f.ruleId)})`}`,
        escapeMarkdown(f.message),
        meta ? `*Why:* ${prose(f.ruleId, summary ?? meta.description)}` : undefined,
        meta ? `*Instead:* ${prose(f.ruleId, meta.recommendation)}` : undefined,
        links.join(' · '),
      ].filter(Boolean).join('\n\n');
    });
    const first = hits[0]!;
    return {
      contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') },
      range: { start: doc.positionAt(first.start), end: doc.positionAt(first.end) },
    };
  });

  function folderOf(uri: string): WorkspaceFolder | undefined {
    let best: WorkspaceFolder | undefined;
    for (const f of folders) {
      const base = f.uri.endsWith('/') ? f.uri : `${f.uri}/`;
      if (uri.startsWith(base) && (!best || f.uri.length > best.uri.length)) best = f;
    }
    return best;
  }

  registerWorkspaceScan(connection, {
    folders: () => folders, settings: getSettings, ruleset: (folder, settings) => rulesets.get(folder, settings),
    openText: (uri) => documents.get(uri)?.getText(), isExcluded, toDiagnostic, lessonLink, baselinedIn,
  });

  documents.listen(connection);
  connection.listen();
}

function toFixData(doc: TextDocument, fix: Fix): FixData {
  return {
    title: fix.title,
    edits: fix.edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.newText })),
    fileEdits: fix.fileEdits,
  };
}

/** A hover link that runs the client's "Open lesson" command for a rule. */
/** A link target with nothing that could end the Markdown link early. */
function markdownHref(link: string): string {
  return link.replace(/[()\s<>[\]"'`\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function openLessonCommand(ruleId: string): string {
  return `command:${COMMANDS.openLesson}?${markdownHref(encodeURIComponent(JSON.stringify([ruleId])))}`;
}

function skippedDiagnostic(reason: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: 'warden',
    code: 'warden-skipped',
    message: reason,
  };
}

/** Workspace-relative, `/`-separated path used for globs; the file name alone outside any folder. */
export function workspacePath(uri: string, folder: WorkspaceFolder | undefined): string {
  if (!uri.startsWith('file:')) return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  const file = fileURLToPath(uri);
  if (!folder || !folder.uri.startsWith('file:')) return file.slice(file.lastIndexOf(sep) + 1);
  return relative(fileURLToPath(folder.uri), file).split(sep).join('/');
}

const excludeMatchers = new Map<string, (p: string) => boolean>();
function isExcluded(path: string, globs: string[]): boolean {
  if (globs.length === 0) return false;
  const key = globs.join('\0');
  let matcher = excludeMatchers.get(key);
  if (!matcher) {
    try {
      matcher = compileGlobs(globs);
    } catch {
      matcher = () => false; // a glob that cannot be compiled (too many alternatives) excludes nothing
    }
    excludeMatchers.set(key, matcher);
  }
  return matcher(path);
}

/** Rules that ship with Warden: their descriptions and lessons are our own Markdown. */
const BUILTIN_RULE_IDS = new Set(catalogRuleIds(BUILTIN_CATALOG));

/**
 * A rule's explanation for a hover: Warden's own prose keeps its Markdown (code spans); text a ruleset
 * wrote (custom rules) is escaped, so none of it becomes a link or a command. Messages are always
 * escaped, since some quote the scanned source.
 */
function prose(ruleId: string, text: string): string {
  return BUILTIN_RULE_IDS.has(ruleId) ? text.replace(/\r?\n/g, ' ') : escapeMarkdown(text);
}

/** Analyses of one document are spaced at least this far apart while changes come faster than they run. */
const MIN_SPACING_MS = 16;

/**
 * `warden.*` settings as the server uses them: each setting of the wrong type (a workspace can
 * write anything into its settings file) falls back to its default instead of reaching the code.
 */
export function normaliseSettings(raw: unknown): WardenSettings {
  const s = (raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const severities = ['info', 'warning', 'error'];
  const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : undefined);
  const rules: Record<string, Severity | 'off'> = {};
  if (s.rules !== null && typeof s.rules === 'object' && !Array.isArray(s.rules)) {
    for (const [id, level] of Object.entries(s.rules as Record<string, unknown>)) {
      if (typeof level === 'string' && [...severities, 'off'].includes(level)) rules[id] = level as Severity | 'off';
    }
  }
  return {
    enable: typeof s.enable === 'boolean' ? s.enable : DEFAULT_SETTINGS.enable,
    severityThreshold: typeof s.severityThreshold === 'string' && severities.includes(s.severityThreshold)
      ? (s.severityThreshold as Severity) : DEFAULT_SETTINGS.severityThreshold,
    exclude: strings(s.exclude) ?? DEFAULT_SETTINGS.exclude,
    maxFileSizeKB: typeof s.maxFileSizeKB === 'number' && Number.isFinite(s.maxFileSizeKB) && s.maxFileSizeKB > 0
      ? s.maxFileSizeKB : DEFAULT_SETTINGS.maxFileSizeKB,
    ruleset: typeof s.ruleset === 'string' ? s.ruleset : DEFAULT_SETTINGS.ruleset,
    baselinedFindings: s.baselinedFindings === 'hint' || s.baselinedFindings === 'hide' || s.baselinedFindings === 'show'
      ? s.baselinedFindings : DEFAULT_SETTINGS.baselinedFindings,
    ...(Object.keys(rules).length > 0 ? { rules } : {}),
  };
}

/**
 * Text documents built from whatever the client sends: text that is not a string becomes empty,
 * and a change without string text is dropped, so no later step meets `null`.
 */
const SAFE_DOCUMENTS = {
  create(uri: string, languageId: string, version: number, content: string): TextDocument {
    return TextDocument.create(String(uri), typeof languageId === 'string' ? languageId : '', Number.isInteger(version) ? version : 0, typeof content === 'string' ? content : '');
  },
  update(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    const usable = (Array.isArray(changes) ? changes : []).filter((c) => c !== null && typeof c === 'object' && typeof c.text === 'string'
      && (!('range' in c) || isRange(c.range)));
    return TextDocument.update(document, usable, Number.isInteger(version) ? version : document.version + 1);
  },
};

function isRange(r: unknown): boolean {
  const pos = (p: unknown) => p !== null && typeof p === 'object' && Number.isFinite((p as { line: unknown }).line) && Number.isFinite((p as { character: unknown }).character);
  return r !== null && typeof r === 'object' && pos((r as { start: unknown }).start) && pos((r as { end: unknown }).end);
}

/**
 * A small regular file's text, else undefined. Never opens a FIFO or device (reading one blocks the
 * server for good) nor a huge file a workspace put where `.env.example` should be.
 */
function readRegularFile(file: string): string | undefined {
  try {
    const s = statSync(file);
    return s.isFile() && s.size <= 1024 * 1024 ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

function defaultLessonsDir(): string {
  // Bundled: dist/server.js → ../lessons. From tsc output (tests): out/server/src/server.js → ../../../lessons.
  const candidates = [join(__dirname, '..', 'lessons'), join(__dirname, '..', '..', '..', 'lessons')];
  return candidates.find((d) => existsSync(d)) ?? candidates[0]!;
}

/** Syntax trees kept for the documents edited most recently (a few MB each for a 20 KB file). */
const PARSE_CACHE_DOCUMENTS = 16;
