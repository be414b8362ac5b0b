import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AnalysisWorker, WORKER_YOUNG_GENERATION_MB, workerResourceLimits } from '../../server/src/analysisWorker';
import { rawTransferUnsupported } from '../../server/src/engine/rawTransfer';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset, type Ruleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { LspHarness } from '../helpers/lsp';

const AWS = 'AKIAZ7QXS4D2L5RVN3KB';
/** About `kb` KB of TypeScript with a credential on its last line and a finding in a handler. */
function bigSource(kb: number): string {
  const line = 'export function handler42(a: number, b: number) { return compute(a, b) + normalise(a) * 3; }\n';
  return `${line.repeat(Math.ceil((kb * 1024) / line.length))}app.get('/x', (req, res) => { eval(req.query.code); });\nconst accessKeyId = '${AWS}';\n`;
}
const found = (findings: { ruleId: string; start: number; end: number }[]) => findings.map((f) => [f.ruleId, f.start, f.end]);
const until = async (ready: () => boolean) => {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 10));
};

/** The analysis worker for big documents, started ahead of need (analysisWorker.ts `prewarm`). */
describe('the analysis worker, warmed before a big document needs it', function () {
  this.timeout(120_000);
  let ruleset: Ruleset;
  let worker: AnalysisWorker;
  before(() => {
    ruleset = compileRuleset({}, BUILTIN_CATALOG);
  });
  beforeEach(() => {
    worker = new AnalysisWorker();
  });
  afterEach(() => worker.dispose());

  it('prewarm starts it and warms it; a document analysed afterwards gives what analyze gives', async () => {
    assert.equal(worker.warmed, undefined);
    worker.prewarm(ruleset);
    assert.ok(worker.warmed, 'the worker was started');
    await worker.warmed;
    assert.equal(worker.completed, 0, 'the warm-up is not a job');
    const input = { text: bigSource(40), path: 'big.ts' };
    const result = await worker.analyze('file:///big.ts', input, ruleset, {});
    assert.deepEqual(found(result!.findings), found(analyze(input, ruleset).findings));
    assert.deepEqual(result!.findings.map((f) => f.ruleId).sort(), ['aws-access-key-id', 'eval-non-literal']);
    assert.equal(worker.completed, 1);
  });

  it('runs with a small young generation where trees come by raw transfer (copied less before promotion), V8\'s default with JSON', async () => {
    assert.deepEqual(workerResourceLimits(true), { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB });
    assert.equal(workerResourceLimits(false), undefined);
    worker.prewarm(ruleset);
    await worker.warmed;
    const young = worker.limits?.maxYoungGenerationSizeMb;
    if (rawTransferUnsupported() === undefined) assert.equal(young, WORKER_YOUNG_GENERATION_MB);
    else assert.ok(young !== undefined && young > WORKER_YOUNG_GENERATION_MB, `V8's default, not the cap: ${young}`);
  });

  it('a job sent while the worker warms up waits for it, and is answered', async () => {
    worker.prewarm(ruleset);
    const input = { text: bigSource(20), path: 'big.ts' };
    const result = await worker.analyze('file:///big.ts', input, ruleset, {});
    assert.deepEqual(found(result!.findings), found(analyze(input, ruleset).findings));
  });

  it('prewarmWhenIdle waits for a pause with no call, and does nothing once the worker runs', async () => {
    worker.prewarmWhenIdle(ruleset, 60_000);
    worker.prewarmWhenIdle(ruleset, 60_000);
    assert.equal(worker.warmed, undefined, 'not started before the pause');
    worker.dispose();
    worker = new AnalysisWorker();
    worker.prewarmWhenIdle(ruleset, 0);
    await until(() => worker.warmed !== undefined);
    await worker.warmed;
    const warmed = worker.warmed;
    worker.prewarmWhenIdle(ruleset, 0);
    worker.prewarm(ruleset);
    assert.equal(worker.warmed, warmed, 'a running worker is not started again');
  });

  it('a worker that stopped is not warmed again by a pause (no restart loop); the next big document starts it', async () => {
    worker.prewarm(ruleset);
    await worker.warmed;
    const warmed = worker.warmed;
    await (worker as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await until(() => (worker as unknown as { worker?: unknown }).worker === undefined);
    worker.prewarmWhenIdle(ruleset, 0);
    worker.prewarm(ruleset);
    await new Promise((resolve) => setTimeout(resolve, 50)); // past the pause asked for
    assert.equal((worker as unknown as { worker?: unknown }).worker, undefined, 'not started again by a pause');
    assert.equal(worker.warmed, warmed);
    const input = { text: bigSource(20), path: 'big.ts' };
    const result = await worker.analyze('file:///big.ts', input, ruleset, {});
    assert.deepEqual(found(result!.findings), found(analyze(input, ruleset).findings));
  });

  it('is not started for a ruleset it cannot rebuild (not the built-in catalog)', () => {
    const custom = compileRuleset({}, { ...BUILTIN_CATALOG });
    assert.equal(AnalysisWorker.canRun(custom), false);
    worker.prewarm(custom);
    worker.prewarmWhenIdle(custom, 0);
    assert.equal(worker.warmed, undefined);
  });

  it('in the server: started after a pause, big documents then analysed in it give a fresh analysis\'s findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-prewarm-'));
    const lsp = new LspHarness({ workerThreshold: 4096, workerPrewarmMs: 0 });
    try {
      await lsp.initialize(pathToFileURL(dir).toString());
      await lsp.open(pathToFileURL(join(dir, 'small.ts')).toString(), `const accessKeyId = '${AWS}';\n`, 'typescript');
      const uri = pathToFileURL(join(dir, 'big.ts')).toString();
      const text = bigSource(20);
      const published = await lsp.open(uri, text, 'typescript');
      const fresh = analyze({ text, path: 'big.ts' }, ruleset).findings;
      assert.deepEqual(published.diagnostics.map((d) => d.code).sort(), fresh.map((f) => f.ruleId).sort());
      assert.equal(published.diagnostics.length, 2);
    } finally {
      await lsp.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
