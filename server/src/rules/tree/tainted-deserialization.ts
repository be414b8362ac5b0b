import { defineTreeRule, reportRemoteParameters, reportSettings, reportSinks } from '../../dataflow/rule';

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
    fixable: false,
  },
  keywords: ['pickle', 'yaml', 'marshal', 'unserialize', 'objectinputstream', 'readobject', 'binaryformatter', 'deserialize', 'xmldecoder', 'jsonpickle', 'dill', 'shelve', 'fromxml', 'typenamehandling', 'losformatter', 'oj', 'csv.load', 'typefilterlevel', 'javascriptserializer', 'badlisttypechecking', 'fspickler', 'cookies_serializer', 'extract', 'readvalue', 'objectmessage', 'remote', 'weights_only', 'gob'],
  run(context) {
    // Sinks, sources and sanitisers per language are data: server/src/languages/<lang>/.
    reportSinks(context, ['deserialization'], (_hit, from) => `This deserialises ${from} with a deserialiser that can build any object; use JSON or a safe loader.`);
    // Settings that make a JSON or XML mapper build any type the data names (Json.NET TypeNameHandling, Jackson default typing).
    reportSettings(context, 'tainted-deserialization');
    // Remote interfaces whose arguments arrive serialised (Java RMI).
    reportRemoteParameters(context);
  },
});
