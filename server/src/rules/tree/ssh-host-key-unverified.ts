import { defineTreeRule, reportSettings } from '../../dataflow/rule';

export default defineTreeRule({
  meta: {
    id: 'ssh-host-key-unverified',
    title: "SSH connection that accepts any host key",
    description: "An SSH client that adds unknown host keys (paramiko `AutoAddPolicy`/`WarningPolicy`) or ignores them (Go `ssh.InsecureIgnoreHostKey()`) talks to whoever answers: anyone on the network path can pose as the server and read the password, key exchange and commands.",
    recommendation: "Load the known hosts (`client.load_system_host_keys()`, `knownhosts.New(path)`) and reject unknown keys (`paramiko.RejectPolicy()`, the default); pin the key when there is no known_hosts file.",
    category: 'transport',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-322', 'CWE-295'],
    owasp: ['A07:2021'],
    fixable: false,
  },
  keywords: ['autoaddpolicy', 'warningpolicy', 'insecureignorehostkey'],
  run(context) {
    // The settings per language are data: `settings` in server/src/languages/<lang>/.
    reportSettings(context, 'ssh-host-key-unverified');
  },
});
