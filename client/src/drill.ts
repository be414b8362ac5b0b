import * as vscode from 'vscode';

export const DRILL_COMMAND = 'warden.startDrill';
export const DRILL_PROGRESS_COMMAND = 'warden.drillProgress';
const MANIFEST = '.warden-drill.json';

/** One planted mistake per file, so each can be kept or dropped on its own. */
interface Exercise {
  file: string;
  ruleId: string;
  task: string;
  text: string;
}

const EXERCISES: Exercise[] = [
  {
    file: 'src/config.js', ruleId: 'aws-access-key-id', task: 'Move the AWS key out of the code.',
    // Drill secrets are joined at run time, so the shipped bundle never stores one whole.
    text: `// Drill: this configuration carries a cloud credential.\nmodule.exports = {\n  region: 'eu-west-1',\n  accessKeyId: '${['AKIAQ4V7', 'NX2LRTB5KZ3M'].join('')}',\n};\n`,
  },
  {
    file: 'src/checksum.js', ruleId: 'weak-hash', task: 'Replace the broken hash.',
    text: "// Drill: a digest used to detect tampering.\nconst crypto = require('node:crypto');\n\nmodule.exports = (data) => crypto.createHash('md5').update(data).digest('hex');\n",
  },
  {
    file: 'src/client.js', ruleId: 'tls-verification-disabled', task: 'Turn certificate checks back on.',
    text: "// Drill: an HTTPS agent for the payment provider.\nconst https = require('node:https');\n\nmodule.exports = new https.Agent({ rejectUnauthorized: false });\n",
  },
  {
    file: 'src/discount.js', ruleId: 'eval-non-literal', task: 'Stop running data as code.',
    text: "// Drill: discount rules arrive from the admin UI.\nmodule.exports = (rule, total) => eval(rule.replace('total', String(total)));\n",
  },
  {
    file: 'src/users.js', ruleId: 'sql-injection', task: 'Pass the name as a query parameter.',
    text: "// Drill: look up users by name.\nmodule.exports = async (req, res) => {\n  const { rows } = await req.db.query(\"SELECT id FROM users WHERE name = '\" + req.query.name + \"'\");\n  res.json(rows);\n};\n",
  },
  {
    file: 'worker/settings.py', ruleId: 'hardcoded-password', task: 'Read the SMTP password from the environment.',
    text: `"""Drill: mail settings of the background worker."""\nSMTP_HOST = "smtp.internal"\nSMTP_PASSWORD = "${['q7Rk2L', 'm9Tz4Wx'].join('')}"\n`,
  },
];

interface Manifest {
  planted: { file: string; ruleId: string; task: string }[];
  /** False until the effective ruleset has been checked against the planted files (in the drill's own window). */
  verified: boolean;
}

export interface DrillProgress {
  total: number;
  fixed: number;
  suppressed: number;
  done: boolean;
  remaining: { file: string; ruleId: string; task: string; state: 'open' | 'suppressed' }[];
}

/** `Warden: Start security drill`: a practice folder with planted mistakes, and progress as they are fixed. */
export function registerDrill(context: vscode.ExtensionContext): void {
  let active: { root: vscode.Uri; manifest: Manifest } | undefined;
  const status = vscode.window.createStatusBarItem('warden.drill', vscode.StatusBarAlignment.Left, 49);
  status.name = 'Warden drill';
  status.command = DRILL_PROGRESS_COMMAND;
  let rescan: NodeJS.Timeout | undefined;

  const evaluate = async (): Promise<DrillProgress | undefined> => {
    if (!active) return undefined;
    const remaining: DrillProgress['remaining'] = [];
    for (const p of active.manifest.planted) {
      const uri = vscode.Uri.joinPath(active.root, p.file);
      let text: string;
      try {
        text = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText()
          ?? Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
      } catch {
        continue; // deleting the file removes the mistake too
      }
      // Suppressing is not fixing: a warden-ignore for the planted rule keeps the exercise open.
      if (new RegExp(`warden-ignore[^\\n]*\\b${p.ruleId}\\b`).test(text)) remaining.push({ ...p, state: 'suppressed' });
      else if (vscode.languages.getDiagnostics(uri).some((d) => d.source === 'warden' && codeOf(d) === p.ruleId)) remaining.push({ ...p, state: 'open' });
    }
    const total = active.manifest.planted.length;
    const progress: DrillProgress = {
      total, fixed: total - remaining.length, suppressed: remaining.filter((r) => r.state === 'suppressed').length,
      done: remaining.length === 0, remaining,
    };
    status.text = progress.done ? `$(pass-filled) Drill complete ${total}/${total}` : `$(mortar-board) Drill ${progress.fixed}/${total} fixed`;
    status.tooltip = progress.done
      ? 'Every planted issue is fixed.'
      : `Still to do:\n${remaining.map((r) => `• ${r.file}: ${r.task}${r.state === 'suppressed' ? ' (suppressed does not count: fix it)' : ''}`).join('\n')}`;
    status.show();
    return progress;
  };

  /** Files that are not open have scan diagnostics only; scan again after saves and closes. */
  const scheduleRescan = () => {
    if (!active) return;
    clearTimeout(rescan);
    rescan = setTimeout(() => {
      void vscode.commands.executeCommand('warden.scanWorkspace', { quiet: true }).then(() => evaluate());
    }, 300);
  };

  const start = async (root: vscode.Uri, manifest: Manifest) => {
    await vscode.commands.executeCommand('warden.scanWorkspace', { quiet: true });
    if (!manifest.verified) manifest = await keepReported(root, manifest);
    active = { root, manifest };
    return evaluate();
  };

  /** Keeps only the planted mistakes the effective ruleset reports (rules switched off or ignored paths drop out). */
  const keepReported = async (root: vscode.Uri, manifest: Manifest): Promise<Manifest> => {
    const reported = (p: { file: string; ruleId: string }) =>
      vscode.languages.getDiagnostics(vscode.Uri.joinPath(root, p.file)).some((d) => d.source === 'warden' && codeOf(d) === p.ruleId);
    const kept = manifest.planted.filter(reported);
    for (const p of manifest.planted) if (!kept.includes(p)) await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, p.file)).then(undefined, () => undefined);
    const verified: Manifest = { planted: kept, verified: true };
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, MANIFEST), Buffer.from(`${JSON.stringify(verified, null, 2)}\n`, 'utf8'));
    return verified;
  };

  context.subscriptions.push(
    status,
    { dispose: () => clearTimeout(rescan) },
    vscode.languages.onDidChangeDiagnostics(() => void evaluate()),
    vscode.workspace.onDidSaveTextDocument(scheduleRescan),
    vscode.workspace.onDidCloseTextDocument(scheduleRescan),
    vscode.commands.registerCommand(DRILL_PROGRESS_COMMAND, async () => {
      const progress = await evaluate();
      if (!progress) void vscode.window.showInformationMessage('No Warden drill is running. Start one with "Warden: Start security drill".');
      return progress;
    }),
    vscode.commands.registerCommand(DRILL_COMMAND, async (target?: vscode.Uri) => {
      const root = target ?? (await vscode.window.showOpenDialog({
        canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Create the drill here (an empty folder)',
      }))?.[0];
      if (!root) return undefined;
      const inWorkspace = vscode.workspace.getWorkspaceFolder(root) !== undefined;
      for (const e of EXERCISES) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, e.file), Buffer.from(e.text, 'utf8'));
      const manifest: Manifest = { planted: EXERCISES.map(({ file, ruleId, task }) => ({ file, ruleId, task })), verified: false };
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, MANIFEST), Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
      if (!inWorkspace) {
        // A folder of its own: the drill starts when Warden activates there and finds the manifest.
        await vscode.commands.executeCommand('vscode.openFolder', root, { forceNewWindow: true });
        return undefined;
      }
      const progress = await start(root, manifest);
      if (!target) void vscode.window.showInformationMessage(`Warden drill: ${progress?.total ?? 0} planted issue(s) to fix. The status bar shows your progress.`);
      return progress;
    }),
  );

  // Resume a drill when its folder is the workspace.
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (root) {
    void vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, MANIFEST)).then(
      (bytes) => start(root, JSON.parse(Buffer.from(bytes).toString('utf8')) as Manifest),
      () => undefined,
    );
  }
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
}
