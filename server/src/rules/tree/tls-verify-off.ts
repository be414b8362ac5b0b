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
  keywords: ['verify', 'insecureskipverify', 'cert_none', 'verify_none', 'verifypeer', 'verifyhost', 'trustmanager', 'servercertificate', 'hostnameverifier', 'unverified', 'check_hostname', 'ssl', 'allowall', 'dangerous'],
  run(context) {
    // The settings per language are data: `settings` in server/src/languages/<lang>/.
    reportSettings(context, 'tls-verify-off');
  },
});
