import { defineAstRule, qualifiedName, staticString, type TSESTree } from '../../engine/ast';
import { ARCHIVES, archiveEntryCallback, methodName, moduleBindings, moduleCall, type ModuleBindings } from '../../engine/patterns';
import { enclosingFunction, valuesOf } from '../../engine/taint';

/** fs calls that create or write the file named by their first argument. */
const WRITES = new Set(['createWriteStream', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'outputFile', 'outputFileSync', 'mkdir', 'mkdirSync', 'mkdirp']);
/** The members of an entry or header that hold the name stored in the archive. */
const ENTRY_NAMES = new Set(['path', 'entryName', 'fileName', 'name']);
/** Calls that keep only the last segment of a path: no `..` survives them. */
const BASENAME = /(?:^|\.)basename$/;
/** Calls a path passes through unchanged for this question (joining keeps `..` in the result). */
const JOIN = /^(?:path\.)?(?:join|resolve|normalize)$|^String$/;

/** Does `node` carry an entry's stored name (`entry.path`, `header.name`, `zipEntry.entryName`), through variables, joins and concatenation? */
function entryName(node: TSESTree.Node | null | undefined, depth = 0): TSESTree.Node | undefined {
  if (!node || depth > 6) return undefined;
  switch (node.type) {
    case 'MemberExpression': {
      if (node.computed || node.property.type !== 'Identifier' || !ENTRY_NAMES.has(node.property.name) || node.object.type !== 'Identifier') return undefined;
      const param = node.object.name;
      let fn = enclosingFunction(node);
      while (fn.type !== 'Program') {
        if (fn.params.some((p) => p.type === 'Identifier' && p.name === param)) return archiveEntryCallback(fn) && fn.params[0]?.type === 'Identifier' && fn.params[0].name === param ? node : undefined;
        fn = enclosingFunction(fn);
      }
      return undefined;
    }
    case 'Identifier':
      for (const v of valuesOf(node)) {
        const found = entryName(v, depth + 1);
        if (found) return found;
      }
      return undefined;
    case 'TemplateLiteral':
      for (const e of node.expressions) {
        const found = entryName(e, depth + 1);
        if (found) return found;
      }
      return undefined;
    case 'BinaryExpression':
      return node.operator === '+' ? entryName(node.left, depth + 1) ?? entryName(node.right, depth + 1) : undefined;
    case 'CallExpression': {
      const callee = qualifiedName(node.callee) ?? '';
      if (BASENAME.test(callee) || !JOIN.test(callee)) return undefined;
      for (const a of node.arguments) {
        const found = entryName(a, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A check in the callback that the path stays inside the target folder (`startsWith(root)`, `'..'`, `path.relative`). */
const CONTAINMENT = /\.startsWith\s*\(|['"`]\.\.[/\\'"`]|\brelative\s*\(|\bisAbsolute\s*\(/;

export default defineAstRule({
  meta: {
    id: 'archive-path-traversal',
    title: 'File written at a path stored in an archive (Zip Slip)',
    description: 'The names inside a zip or tar file are chosen by whoever made it: an entry named `../../.ssh/authorized_keys` or `/etc/cron.d/x` is written outside the folder you extract to when its name becomes the file path unchecked.',
    recommendation: 'Resolve the entry name against the target folder and skip the entry unless the result stays inside it (`path.resolve(dest, name).startsWith(path.resolve(dest) + path.sep)`); or keep only `path.basename(name)`.',
    category: 'injection',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-22'],
    owasp: ['A01:2021'],
    fixable: false,
  },
  keywords: ARCHIVES,
  prefilter: [/\b(?:createWriteStream|writeFile|writeFileSync|appendFile|appendFileSync|outputFile|outputFileSync|mkdir|mkdirSync|mkdirp)\b/],
  scope: 'unit',
  create(context) {
    let fs: ModuleBindings | undefined;
    return {
      Program(node) {
        const archives = moduleBindings(node, ARCHIVES);
        if (archives.namespaces.size > 0 || archives.members.size > 0) fs = moduleBindings(node, ['fs', 'fs/promises', 'fs-extra', 'graceful-fs', 'mkdirp']);
      },
      CallExpression(node) {
        if (!fs) return;
        let fn = moduleCall(node, fs);
        // fs.promises.writeFile(…)
        if (!fn && node.callee.type === 'MemberExpression' && qualifiedName(node.callee.object)?.endsWith('.promises')) fn = methodName(node);
        if (!fn && node.callee.type === 'Identifier' && fs.namespaces.has(node.callee.name)) fn = 'mkdirp';
        if (!fn || !WRITES.has(fn)) return;
        const target = node.arguments[0];
        if (!target || target.type === 'SpreadElement' || !entryName(target)) return;
        const callback = enclosingFunction(node);
        if (callback.type !== 'Program' && CONTAINMENT.test(context.source(callback))) return;
        context.report({ node: target, message: `\`${fn}\` writes to a path stored in the archive, so an entry named \`../…\` lands outside the target folder; resolve it against the folder and skip entries that leave it.` });
      },
    };
  },
});
