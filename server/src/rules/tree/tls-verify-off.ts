import { field, named } from '../../dataflow/adapter';
import type { TreeContext } from '../../dataflow/rule';
import type { SyntaxNode } from '../../treesitter/runtime';
import { defineTreeRule, reportSettings } from '../../dataflow/rule';

export default defineTreeRule({
  meta: {
    id: 'tls-verify-off',
    title: "TLS certificate or host-name verification switched off",
    description: "Switching off certificate or host-name checks (`verify=False`, `InsecureSkipVerify`, trust-all managers, `VERIFY_NONE`) lets anyone on the network path read and change the traffic.",
    recommendation: "Keep verification on; trust a private CA by adding its certificate to the trust store instead.",
    category: 'transport',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-295'],
    owasp: ['A07:2021'],
    fixable: true,
  },
  keywords: ['verify', 'insecureskipverify', 'cert_none', 'verify_none', 'verifypeer', 'verifyhost', 'trustmanager', 'servercertificate', 'hostnameverifier', 'unverified', 'check_hostname', 'cert_reqs', 'ssl', 'allowall', 'dangerous', 'subjectname', 'issuername', 'getnameinfo'],
  run(context) {
    // The settings per language are data: `settings` in server/src/languages/<lang>/.
    reportSettings(context, 'tls-verify-off');
    // A trust manager or host-name verifier written to accept everything: an empty check, or `return true`.
    const { flow, spec } = context;
    if (spec.certificateNames) reportNameChecks(context, spec.certificateNames);
    if (!spec.trustCheckMethods) return;
    for (const fn of flow.nodes) {
      if (!spec.adapter.isFunction(fn)) continue;
      const name = field(fn, 'name');
      const body = field(fn, 'body');
      if (!body) continue;
      // `conn.setHostnameVerifier((host, session) -> true)`
      if (!name && /^true$/i.test(flow.source(body))) {
        const call = fn.parent && fn.parent.parent ? flow.callOf(fn.parent.parent) : undefined;
        if (call && /HostnameVerifier$/.test(call.name)) context.report({ node: fn, message: 'This host-name verifier accepts every host: anyone on the network path can read and change the traffic.' });
        continue;
      }
      if (!name || !spec.trustCheckMethods.test(flow.source(name))) continue;
      const statements = named(body).filter((c) => !/comment/.test(c.type));
      const only = statements.length === 1 ? named(statements[0]!) : undefined;
      const acceptsAll = statements.length === 0 || (/^return/.test(statements[0]!.type) && only?.length === 1 && /^true$/i.test(flow.source(only[0]!)));
      if (acceptsAll) context.report({ node: name, message: 'This certificate or host-name check accepts everything: anyone on the network path can read and change the traffic.' });
    }
  },
});

/** `cert.SubjectName.Name == "CN=host"`, `String.Equals(name, "CN=host")`, `name.Equals("CN=host")`: a certificate trusted by its name. */
function reportNameChecks(context: TreeContext, names: RegExp): void {
  const { flow, spec } = context;
  const a = spec.adapter;
  const isName = (n: SyntaxNode | undefined) => !!n && names.test(flow.source(a.unwrap(n)));
  const isText = (n: SyntaxNode | undefined) => !!n && a.stringValue(a.unwrap(n), flow.text) !== undefined;
  const pair = (x: SyntaxNode | undefined, y: SyntaxNode | undefined) => (isName(x) && isText(y)) || (isName(y) && isText(x));
  const message = 'This trusts a certificate because its name matches a fixed text: anyone can get a certificate with that name. Let the platform validate the chain and host name, and pin a thumbprint or public key if you must.';
  for (const node of flow.nodes) {
    const op = node.children.find((c) => c.field === 'operator');
    if (op && /^[!=]==?$/.test(flow.source(op))) {
      const [l, r] = node.children.filter((c) => c.named && c !== op);
      if (pair(l, r)) context.report({ node, message });
      continue;
    }
    const call = flow.callOf(node);
    if (!call || !/(?:^|\.)Equals$/.test(call.name)) continue;
    if (/^(?:String|string)\.Equals$/.test(call.name) ? pair(call.args[0], call.args[1]) : pair(call.receiver, call.args[0])) context.report({ node, message });
  }
}
