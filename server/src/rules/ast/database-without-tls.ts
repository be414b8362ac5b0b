import { defineAstRule, staticString, type TSESTree } from '../../engine/ast';
import { spanOf } from '../../engine/tree';
import { hasSpread, optionsUse, propertiesOf, propertyKey } from '../../engine/patterns';
import { placesElsewhere, type Fix } from '../../engine/types';
import { propertySource } from '../prefilter';

/** The Sequelize dialects whose drivers (pg, mysql2, mariadb) connect in cleartext unless `ssl` is set. */
const CLEARTEXT_DIALECTS = new Set(['postgres', 'mysql', 'mariadb']);
/** A host on this machine: a loopback address or a Unix socket path. */
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;
const TURN_ON = '{ rejectUnauthorized: true }';
const FIX_TITLE = 'Connect over TLS and verify the certificate';

/** Where a finding about the whole settings object points: `local: {` / `const config = {` / `{`. */
function head(object: TSESTree.ObjectExpression): readonly [number, number] {
  const p = object.parent;
  if (p?.type === 'Property' && p.value === object) return [p.key.start, object.start + 1];
  if (p?.type === 'VariableDeclarator' && p.init === object) return [p.id.start, object.start + 1];
  return [object.start, object.start + 1];
}

export default defineAstRule({
  meta: {
    id: 'database-without-tls',
    title: 'Database connection without TLS',
    description: 'A Sequelize connection to PostgreSQL, MySQL or MariaDB is made in cleartext unless `ssl` is set: anyone on the network path reads the credentials and every row, and can change them.',
    recommendation: 'Set `dialectOptions: { ssl: { rejectUnauthorized: true } }` (and `ca` for a private CA) for every connection that leaves the machine.',
    category: 'transport',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-319'],
    owasp: ['A02:2021'],
    // a suggestion only: turning TLS on fails against a server that does not offer it
    fixable: false,
  },
  keywords: ['dialect'],
  prefilter: [new RegExp(propertySource('dialect', String.raw`['"\`](?:postgres|mysql|mariadb)['"\`]`))],
  scope: 'unit',
  create(context) {
    return {
      Property(node) {
        if (propertyKey(node) !== 'dialect' || !CLEARTEXT_DIALECTS.has(staticString(node.value) ?? '')) return;
        const settings = node.parent;
        if (settings?.type !== 'ObjectExpression' || hasSpread(settings)) return;
        const props = propertiesOf(settings);
        const host = props.get('host');
        // A URL (or an environment variable naming one) can ask for TLS itself (`?sslmode=require`).
        if (!host || props.has('url') || props.has('use_env_variable') || props.has('uri')) return;
        const hostName = staticString(host.value);
        if (hostName?.startsWith('/')) return;
        const local = hostName !== undefined && LOOPBACK.test(hostName);
        const dialect = staticString(node.value)!;
        const where = local ? `\`${hostName}\` today, but configurations travel (an environment override replaces the host)` : 'a host on the network';

        const options = props.get('dialectOptions')?.value;
        if (options && (options.type !== 'ObjectExpression' || hasSpread(options))) return;
        const ssl = propertiesOf(options).get('ssl') ?? props.get('ssl');
        if (ssl) {
          if (ssl.value.type !== 'Literal' || ssl.value.value !== false) return;
          context.report({
            node: ssl.value,
            related: placesElsewhere(context.text, ssl.value.start, [optionsUse(ssl)]),
            message: `\`ssl: false\` makes this ${dialect} connection to ${where} in cleartext: credentials and data cross the network unencrypted; turn TLS on.`,
            ...(local ? { confidence: 'low' as const } : {}),
            suggestions: [{ title: FIX_TITLE, edits: [{ start: ssl.value.start, end: ssl.value.end, newText: TURN_ON }] }],
          });
          return;
        }
        // No `ssl` here: pg also reads PGSSLMODE, and a second options object may add it, so low confidence.
        const fix = options ? insertInto(options, `ssl: ${TURN_ON}`) : insertInto(settings, `dialectOptions: { ssl: ${TURN_ON} }`);
        const [start, end] = head(settings);
        context.report({
          node: [start, end],
          related: placesElsewhere(context.text, start, [[spanOf(node), `dialect: ${dialect}`]]),
          message: `This ${dialect} connection to ${where} sets no \`ssl\`, so it is made in cleartext unless the environment asks for TLS; set \`dialectOptions.ssl\`.`,
          confidence: 'low',
          suggestions: [fix],
        });
      },
    };
  },
});

/** A fix adding `text` as the last property of `object`. */
function insertInto(object: TSESTree.ObjectExpression, text: string): Fix {
  const last = object.properties[object.properties.length - 1];
  const at = last ? last.end : object.start + 1;
  return { title: FIX_TITLE, edits: [{ start: at, end: at, newText: last ? `, ${text}` : ` ${text} ` }] };
}
