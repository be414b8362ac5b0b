import { defineTreeRule, reportSettings } from '../../dataflow/rule';

export default defineTreeRule({
  meta: {
    id: 'xxe-enabled',
    title: "XML parser that resolves external entities",
    description: "An XML parser that loads DTDs and external entities lets a crafted document read local files, reach internal hosts or exhaust memory (XXE).",
    recommendation: "Disable DTDs and external entities (`disallow-doctype-decl`, `DtdProcessing.Prohibit`, no `LIBXML_NOENT`, defusedxml).",
    category: 'injection',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-611'],
    owasp: ['A05:2021'],
    fixable: true,
  },
  keywords: ['xml', 'documentbuilderfactory', 'saxparserfactory', 'xmlinputfactory', 'dtdprocessing', 'xmlresolver', 'libxml_noent', 'noent', 'resolve_entities', 'make_parser', 'transformerfactory', 'xmlreader', 'entity_loader'],
  run(context) {
    // The settings per language are data: `settings` in server/src/languages/<lang>/.
    reportSettings(context, 'xxe-enabled');
  },
});
