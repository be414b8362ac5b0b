import type { AstRule } from '../engine/ast';
import type { TextRuleSpec } from '../engine/textRules';
import angularBypassSanitizer from './ast/angular-bypass-sanitizer';
import cipherEcbMode from './ast/cipher-ecb-mode';
import cipherStaticIv from './ast/cipher-static-iv';
import commandInjection from './ast/command-injection';
import cookieInsecure from './ast/cookie-insecure';
import corsWildcardCredentials from './ast/cors-wildcard-credentials';
import corsAnyOrigin from './ast/cors-any-origin';
import databaseWithoutTls from './ast/database-without-tls';
import domXssSink from './ast/dom-xss-sink';
import directoryListing from './ast/directory-listing';
import forwardedHeaderTrust from './ast/forwarded-header-trust';
import libraryCodeInjection from './ast/library-code-injection';
import headlessBrowserInjection from './ast/headless-browser-injection';
import archivePathTraversal from './ast/archive-path-traversal';
import reflectedXss from './ast/reflected-xss';
import htmlFromRequest from './ast/html-from-request';
import corsOriginRegex from './ast/cors-origin-regex';
import regexDos from './ast/regex-dos';
import ssrf from './ast/ssrf';
import urlAllowlistSubstring from './ast/url-allowlist-substring';
import xmlExternalEntities from './ast/xml-external-entities';
import xmlEntityExpansion from './ast/xml-entity-expansion';
import errorDetailsToClient from './ast/error-details-to-client';
import expressDebugEnabled from './ast/express-debug-enabled';
import insecureRandom from './ast/insecure-random';
import insecureTlsVersion from './ast/insecure-tls-version';
import jwtAlgorithmNotPinned from './ast/jwt-algorithm-not-pinned';
import jwtDecodeWithoutVerify from './ast/jwt-decode-without-verify';
import nosqlInjection from './ast/nosql-injection';
import openRedirect from './ast/open-redirect';
import passwordFastHash from './ast/password-fast-hash';
import pathTraversal from './ast/path-traversal';
import pbkdf2LowIterations from './ast/pbkdf2-low-iterations';
import plaintextHttpUrl from './ast/plaintext-http-url';
import reactDangerousHtml from './ast/react-dangerous-html';
import handlebarsSafestring from './ast/handlebars-safestring';
import htmlEscapingDisabled from './ast/html-escaping-disabled';
import rsaKeyTooSmall from './ast/rsa-key-too-small';
import secretInLog from './ast/secret-in-log';
import serializeJavascriptUnsafe from './ast/serialize-javascript-unsafe';
import sqlInjection from './ast/sql-injection';
import unsafeDeserialization from './ast/unsafe-deserialization';
import weakCipher from './ast/weak-cipher';
import insecureTransport from './text/insecure-transport.json';
import insecureCrypto from './text/insecure-crypto.json';
import insecureRandomness from './text/insecure-randomness.json';
import insecureInjection from './text/insecure-injection.json';
import insecureDeserialization from './text/insecure-deserialization.json';
import insecurePrivilege from './text/insecure-privilege.json';
import insecureLogging from './text/insecure-logging.json';
import insecureSession from './text/insecure-session.json';
import insecureTestData from './text/insecure-test-data.json';
import insecureTemplates from './text/insecure-templates.json';

/** The insecure-pattern AST rules (the three original ones are listed in index.ts). */
export const PATTERN_AST_RULES: AstRule[] = [
  angularBypassSanitizer,
  cipherEcbMode,
  cipherStaticIv,
  commandInjection,
  cookieInsecure,
  corsWildcardCredentials,
  corsAnyOrigin,
  databaseWithoutTls,
  domXssSink,
  errorDetailsToClient,
  expressDebugEnabled,
  insecureRandom,
  insecureTlsVersion,
  jwtAlgorithmNotPinned,
  jwtDecodeWithoutVerify,
  nosqlInjection,
  openRedirect,
  passwordFastHash,
  pathTraversal,
  pbkdf2LowIterations,
  plaintextHttpUrl,
  reactDangerousHtml,
  handlebarsSafestring,
  htmlEscapingDisabled,
  rsaKeyTooSmall,
  secretInLog,
  serializeJavascriptUnsafe,
  sqlInjection,
  unsafeDeserialization,
  weakCipher,
  directoryListing,
  forwardedHeaderTrust,
  headlessBrowserInjection,
  archivePathTraversal,
  reflectedXss,
  htmlFromRequest,
  corsOriginRegex,
  libraryCodeInjection,
  regexDos,
  ssrf,
  urlAllowlistSubstring,
  xmlExternalEntities,
  xmlEntityExpansion,
];

/** The insecure-pattern text rules, one data file per guidance area. */
export const PATTERN_TEXT_RULES: TextRuleSpec[] = [
  ...(insecureTransport as TextRuleSpec[]),
  ...(insecureCrypto as TextRuleSpec[]),
  ...(insecureRandomness as TextRuleSpec[]),
  ...(insecureInjection as TextRuleSpec[]),
  ...(insecureDeserialization as TextRuleSpec[]),
  ...(insecurePrivilege as TextRuleSpec[]),
  ...(insecureLogging as TextRuleSpec[]),
  ...(insecureSession as TextRuleSpec[]),
  ...(insecureTestData as TextRuleSpec[]),
  ...(insecureTemplates as TextRuleSpec[]),
];
