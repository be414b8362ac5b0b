import type { TreeRule } from '../../dataflow/rule';
import cookieFlagsOff from './cookie-flags-off';
import corsCredentialsAnyOrigin from './cors-credentials-any-origin';
import corsWildcardOrigin from './cors-wildcard-origin';
import debugModeOn from './debug-mode-on';
import insecureTempFile from './insecure-temp-file';
import passwordWeakHash from './password-weak-hash';
import taintedCode from './tainted-code';
import taintedCommand from './tainted-command';
import taintedDeserialization from './tainted-deserialization';
import taintedHtml from './tainted-html';
import taintedLdapXpath from './tainted-ldap-xpath';
import taintedNosql from './tainted-nosql';
import taintedPath from './tainted-path';
import taintedRedirect from './tainted-redirect';
import taintedSql from './tainted-sql';
import taintedSsrf from './tainted-ssrf';
import sshHostKeyUnverified from './ssh-host-key-unverified';
import staticIv from './static-iv';
import tlsVerifyOff from './tls-verify-off';
import weakRandomSecret from './weak-random-secret';
import xxeEnabled from './xxe-enabled';

/** The rules on tree-sitter trees (Python, Java, PHP, Go, C#, Ruby), one file each. */
export const TREE_RULES: TreeRule[] = [
  cookieFlagsOff, corsCredentialsAnyOrigin, corsWildcardOrigin, debugModeOn, insecureTempFile, passwordWeakHash, taintedCode, taintedCommand,
  taintedDeserialization, taintedHtml, taintedLdapXpath, taintedNosql, taintedPath, taintedRedirect, taintedSql, taintedSsrf,
  sshHostKeyUnverified, staticIv, tlsVerifyOff, weakRandomSecret, xxeEnabled,
];
