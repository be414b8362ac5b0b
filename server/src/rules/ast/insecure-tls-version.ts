import { defineAstRule, qualifiedName, staticString } from '../../engine/ast';
import { optionsUse, propertyKey, quoteLike, replaceNode } from '../../engine/patterns';
import { placesElsewhere } from '../../engine/types';

const OLD_PROTOCOLS = new Set(['SSLv2_method', 'SSLv3_method', 'TLSv1_method', 'TLSv1_1_method', 'SSLv23_method']);
const OLD_VERSIONS = new Set(['SSLv3', 'TLSv1', 'TLSv1.1']);

export default defineAstRule({
  meta: {
    id: 'insecure-tls-version',
    title: 'TLS 1.0, TLS 1.1 or SSLv3 allowed',
    description: 'SSLv3, TLS 1.0 and TLS 1.1 have known attacks (POODLE, BEAST) and are deprecated by RFC 8996; allowing them lets an attacker downgrade the connection.',
    recommendation: "Set `minVersion: 'TLSv1.2'` (or leave Node's default) instead of pinning an old protocol.",
    category: 'transport',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-326', 'CWE-757'],
    owasp: ['A02:2021'],
    fixable: true,
  },
  keywords: ['secureprotocol', 'minversion', 'maxversion', 'default_min_version', 'default_max_version'],
  scope: 'unit',
  create(context) {
    return {
      AssignmentExpression(node) {
        // tls.DEFAULT_MIN_VERSION = 'TLSv1': the default of every secure context the process makes
        const target = qualifiedName(node.left);
        const value = staticString(node.right);
        if (node.operator !== '=' || !target || value === undefined || !OLD_VERSIONS.has(value)) return;
        if (/(?:^|\.)tls\.DEFAULT_MIN_VERSION$/.test(target)) {
          context.report({
            node: node.right,
            message: `\`tls.DEFAULT_MIN_VERSION = '${value}'\` lets every TLS connection of the process use a deprecated protocol; remove it (Node's default is TLS 1.2).`,
            fix: replaceNode('Require TLS 1.2 or later', node.right, quoteLike(context, node.right, 'TLSv1.2')),
          });
        } else if (/(?:^|\.)tls\.DEFAULT_MAX_VERSION$/.test(target)) {
          context.report({ node: node.right, message: `\`tls.DEFAULT_MAX_VERSION = '${value}'\` caps every TLS connection of the process at a deprecated protocol; remove it.` });
        }
      },
      Property(node) {
        const key = propertyKey(node);
        const value = staticString(node.value);
        if (value === undefined) return;
        // The call that uses these options, or the connection's settings, when on another line.
        const related = () => placesElsewhere(context.text, node.value.start, [optionsUse(node)]);
        if (key === 'secureProtocol' && OLD_PROTOCOLS.has(value)) {
          context.report({
            node: node.value,
            related: related(),
            message: `\`${value}\` allows a deprecated protocol; remove \`secureProtocol\` and set \`minVersion: 'TLSv1.2'\` instead.`,
            suggestions: [replaceNode("Use minVersion: 'TLSv1.2'", node, `minVersion: ${quoteLike(context, node.value, 'TLSv1.2')}`)],
          });
        }
        if ((key === 'minVersion' || key === 'maxVersion') && OLD_VERSIONS.has(value)) {
          if (key === 'maxVersion') {
            context.report({ node: node.value, related: related(), message: `\`maxVersion: '${value}'\` caps connections at a deprecated protocol; remove it so TLS 1.2 and 1.3 are used.` });
            return;
          }
          context.report({
            node: node.value,
            related: related(),
            message: `\`minVersion: '${value}'\` allows a deprecated protocol; use 'TLSv1.2' or later.`,
            fix: replaceNode('Require TLS 1.2 or later', node.value, quoteLike(context, node.value, 'TLSv1.2')),
          });
        }
      },
    };
  },
});
