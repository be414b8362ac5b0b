import type { Fix } from '../../engine/types';
import { defineTreeRule, reportRemoteParameters, reportSettings, reportSinks, type SinkHit, type TreeContext } from '../../dataflow/rule';

/** YAML loaders that build any object, called with the document alone (`yaml.load(s)`, `YAML.unsafe_load(s)`): the safe loader takes the same call. */
const UNSAFE_YAML = /^(?:(yaml)\.(?:load|unsafe_load|full_load)|(YAML|Psych)\.(?:load|unsafe_load))$/;

function safeYamlFix(context: TreeContext, hit: SinkHit): Fix | undefined {
  const { call } = hit;
  const m = UNSAFE_YAML.exec(call.name);
  if (!m || call.args.length !== 1 || call.kwargs.size > 0) return undefined;
  const text = context.flow.source(call.node);
  const open = text.indexOf('(');
  if (open < 0 || text.slice(0, open).replace(/::/g, '.') !== call.name) return undefined;
  const safe = `${text.slice(0, open).replace(/(?:\.|::)\w+$/, '')}${m[1] ? '.' : text.slice(0, open).includes('::') ? '::' : '.'}safe_load`;
  return { title: `Use ${safe}`, edits: [{ start: call.node.start, end: call.node.start + open, newText: safe }] };
}

export default defineTreeRule({
  meta: {
    id: 'tainted-deserialization',
    title: "Untrusted data deserialised with a type-aware deserialiser",
    description: "Pickle, Java serialisation, PHP `unserialize`, .NET BinaryFormatter, Ruby Marshal and unsafe YAML build arbitrary objects from the data: a crafted payload runs code.",
    recommendation: "Use a data-only format (JSON) or the safe loader (`yaml.safe_load`, `allowed_classes => false`, an allow-listing ObjectInputFilter).",
    category: 'deserialization',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-502'],
    owasp: ['A08:2021'],
    fixable: true,
  },
  keywords: ['pickle', 'yaml', 'marshal', 'unserialize', 'objectinputstream', 'readobject', 'binaryformatter', 'deserialize', 'xmldecoder', 'jsonpickle', 'dill', 'shelve', 'fromxml', 'typenamehandling', 'losformatter', 'oj', 'csv.load', 'typefilterlevel', 'javascriptserializer', 'badlisttypechecking', 'fspickler', 'cookies_serializer', 'extract', 'readvalue', 'objectmessage', 'remote', 'weights_only', 'gob'],
  run(context) {
    // Sinks, sources and sanitisers per language are data: server/src/languages/<lang>/.
    reportSinks(context, ['deserialization'], (_hit, from) => `This deserialises ${from} with a deserialiser that can build any object; use JSON or a safe loader.`, { fix: (hit) => safeYamlFix(context, hit) });
    // Settings that make a JSON or XML mapper build any type the data names (Json.NET TypeNameHandling, Jackson default typing).
    reportSettings(context, 'tainted-deserialization');
    // Remote interfaces whose arguments arrive serialised (Java RMI).
    reportRemoteParameters(context);
  },
});
