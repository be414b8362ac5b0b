import { defineTreeRule, reportSettings, reportSinks, type SinkHit, type TreeContext } from '../../dataflow/rule';

/**
 * The file name the client gave an upload: `file.filename`, `original_filename`, `getClientOriginalName()`,
 * `FileHeader.Filename`, `IFormFile.FileName`, `getOriginalFilename()`, `Part.getSubmittedFileName()`, `$_FILES[f]['name']`.
 */
const CLIENT_NAME = /(?:\.|->)(?:filename|original_filename|getClientOriginalName|getClientFilename|Filename|FileName|getOriginalFilename|getSubmittedFileName)\b|\$_FILES\s*\[[^\]]+\]\s*\[\s*['"]name['"]\s*\]/;

/** Is the path (or the value its variable holds) built from an upload's client file name? */
function keepsClientName(context: TreeContext, hit: SinkHit): boolean {
  const { flow, spec } = context;
  const name = spec.adapter.name(hit.arg, flow.text);
  const texts = [flow.source(hit.arg), ...(name && !name.includes('.') ? flow.valuesOf(hit.arg, name).map((v) => flow.source(v)) : [])];
  return texts.some((t) => CLIENT_NAME.test(t));
}

export default defineTreeRule({
  meta: {
    id: 'tainted-path',
    title: "File path from request data",
    description: "A path taken from the request can use `../` or an absolute path to read, write or include files outside the intended folder.",
    recommendation: "Take only a file name (basename / secure_filename), join it to a fixed folder, and check the resolved path stays inside it.",
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-22', 'CWE-98'],
    owasp: ['A01:2021'],
    fixable: false,
  },
  keywords: ['open', 'file', 'path', 'send_file', 'include', 'require', 'read', 'remove', 'unlink', 'fopen', 'paths', 'files', 'readfile', 'rmtree', 'copy', 'move', 'dir', 'ftp', 'pstore', 'pathname', 'save', 'storeas', 'resource', 'render', 'extractall'],
  run(context) {
    // Sinks, sources and sanitisers per language are data: server/src/languages/<lang>/.
    reportSinks(context, ['path'], (hit, from) => keepsClientName(context, hit)
      ? `This upload is stored under the file name the client sent (${from}): it can hold \`../\` or an executable extension; store it under a name you generate (a UUID) with an allowed extension, in a folder that is not served as code.`
      : `This file path comes from ${from}; reduce it to a file name, join it to a fixed folder and check the result stays inside it.`);
    // Archives unpacked with their own member names (a tar member named `../../etc/cron.d/x`).
    reportSettings(context, 'tainted-path');
  },
});
