#!/usr/bin/env node
// Where `warden scan`'s CPU time goes, by part of the engine and by AST rule, from V8 CPU profiles.
//   node --cpu-prof --cpu-prof-dir=DIR dist/cli.js scan FOLDER --format json --output /dev/null
//   node scripts/bench/scan-profile.mjs DIR [--top N]
// Every sample is given to the innermost frame of the stack that belongs to a part (a rule's own file,
// taint, the text rules, the parser…); generic helpers (`qualifiedName`, `forEachChild`) count for the
// part that called them. Bundled frames are mapped back to their TypeScript source with the bundle's
// source map. The parse thread's profile (oxc's own parse) is summed separately. Counts are samples
// times the sampling interval, so they are CPU time of that thread (not wall time): they hold under load.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [dir, ...rest] = process.argv.slice(2);
if (!dir) {
  console.error('usage: scan-profile.mjs PROFILE_DIR [--top N]');
  process.exit(2);
}
const top = rest.includes('--top') ? Number(rest[rest.indexOf('--top') + 1]) : 25;

const maps = new Map();
function sourceOf(url, line, column) {
  if (!url.startsWith('file://') || !url.endsWith('.js')) return url;
  const path = fileURLToPath(url);
  if (!maps.has(path)) {
    const mapPath = `${path}.map`;
    maps.set(path, existsSync(mapPath) && /dist\/[^/]+\.js$/.test(path) ? new SourceMap(JSON.parse(readFileSync(mapPath, 'utf8'))) : null);
  }
  const map = maps.get(path);
  if (!map) return path;
  const entry = map.findEntry(line, column);
  return entry?.originalSource ?? path;
}

/** The part a frame belongs to, or undefined for a generic helper (the caller's part then counts). */
function partOf(source, name) {
  const s = source.replace(/\\/g, '/');
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)' || name === '(idle)') return name;
  let m = /rules\/ast\/([\w-]+)\.[jt]s$/.exec(s);
  if (m) return `rule ${m[1]}`;
  if (/oxc-parser|engine\/(parser|parseThread|rawTransfer)\./.test(s)) return 'parse (oxc, hand-over, deserialise)';
  if (/engine\/oxcAdapter\./.test(s)) return 'adapter';
  if (/engine\/reparse\./.test(s)) return 'parse (oxc, hand-over, deserialise)';
  if (/engine\/ast\./.test(s)) {
    if (name === 'preorder' || name === 'adopt') return 'parent walk';
    if (name === 'runAstRules' || name === 'passesPrefilter' || name === 'matchesRemembered' || name === 'report') return `ast dispatch/prefilter (${name})`;
    return undefined;
  }
  if (/engine\/tree\./.test(s) || /engine\/printable\./.test(s) || /visitor-keys/.test(s)) return undefined;
  if (/rules\/prefilter\./.test(s)) return 'ast dispatch/prefilter (prefilter)';
  if (/engine\/taint\./.test(s)) return 'taint';
  if (/engine\/(textRules|re2Matcher|validators|patternValidators|lexer|patterns)\./.test(s)) return `text rules (${s.split('/').pop()})`;
  if (/engine\/secrets\./.test(s)) return 'fingerprints/secrets';
  if (/engine\/(suppression|pathKind|envFix|skip|lines|languages|engine)\./.test(s)) return `engine (${s.split('/').pop()})`;
  if (/treesitter|dataflow|tree-sitter/.test(s)) return 'tree-sitter';
  if (/templates\//.test(s)) return 'templates';
  if (/cli\/(walk|git)\./.test(s)) return 'walk';
  if (/cli\//.test(s)) return `cli (${s.split('/').pop()})`;
  if (/ruleset|rules\/index|rules\/text/.test(s)) return 'ruleset/catalog';
  if (s.startsWith('node:') || s === '') return undefined;
  if (/node_modules/.test(s)) return `lib ${s.split('node_modules/').pop().split('/').slice(0, 2).join('/')}`;
  return undefined;
}

function summarise(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const partCache = new Map();
  const partOfNode = (id) => {
    if (partCache.has(id)) return partCache.get(id);
    const n = byId.get(id);
    const cf = n.callFrame;
    let part = partOf(sourceOf(cf.url, cf.lineNumber, cf.columnNumber), cf.functionName);
    if (part === undefined) {
      const p = parentOf.get(id);
      part = p === undefined ? `other (${cf.functionName || 'anonymous'} ${cf.url.split('/').pop()})` : partOfNode(p);
    }
    partCache.set(id, part);
    return part;
  };
  const totals = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    // A sample's time is the gap to the next sample.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const part = partOfNode(profile.samples[i]);
    totals.set(part, (totals.get(part) ?? 0) + ms);
  }
  return totals;
}

const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
for (const f of files) {
  const totals = summarise(join(dir, f));
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  const busy = all - (totals.get('(idle)') ?? 0);
  console.log(`\n${f}: ${Math.round(all)} ms sampled, ${Math.round(busy)} ms not idle`);
  for (const [part, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${String(Math.round(ms)).padStart(7)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${part}`);
  }
}
