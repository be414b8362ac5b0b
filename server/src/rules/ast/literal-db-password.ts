import { calleeName, defineAstRule, findProperty, type TSESTree } from '../../engine/ast';
import { reportLiteralSecrets } from '../../engine/envFix';
import { CALL_ARGS, name, secretProperty, seq } from '../prefilter';

/** Database and cache clients that take a password in their options. */
const CLIENTS = /(?:^|\.)(?:Pool|Client|createConnection|createPool|createPoolCluster|createClient|Redis|Cluster|MongoClient|connect|knex|Knex|DataSource|createDataSource|Sequelize|PrismaClient|Connection|ConnectionPool|neo4jDriver)$/;
const PASSWORD_KEYS = ['password', 'pass', 'pwd'];

export default defineAstRule({
  meta: {
    id: 'literal-db-password',
    title: 'Database password written as a literal',
    description: 'A database or cache client is given its password as a literal: everyone who reads the repository can connect with it, whatever the password looks like.',
    recommendation: 'Change the database password and read it from the environment (process.env.DB_PASSWORD) or a secret manager.',
    category: 'credentials',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-259', 'CWE-798'],
    owasp: ['A07:2021'],
    fixable: true,
  },
  keywords: ['password', 'pass', 'pwd', 'sequelize'],
  prefilter: [
    // A literal password option, or Sequelize's positional password: a call of `Sequelize` (type
    // arguments allowed), not every file that imports from sequelize.
    new RegExp(`${secretProperty('pass(?:word)?|pwd')}|${seq(name('Sequelize'), `(?:<|${CALL_ARGS})`)}`),
    // A client the rule knows (each name in CLIENTS contains one of these).
    /Pool|Client|Connection|connect|Redis|Cluster|knex|Knex|DataSource|Sequelize|neo4jDriver/,
  ],
  scope: 'unit',
  create(context) {
    const report = (value: TSESTree.Node | undefined) => reportLiteralSecrets(context, value, {
      message: 'Literal database password: everyone who reads the code can connect; change it and read it from process.env.DB_PASSWORD.',
      env: 'DB_PASSWORD',
      kind: 'Database password',
    });
    /** `{ password }`, `{ connection: { password } }` (knex), `{ auth: { password } }` (mongodb), `{ authentication: { options: { password } } }` (tedious). */
    const inspect = (options: TSESTree.Node | undefined, depth = 0) => {
      if (!options || options.type !== 'ObjectExpression' || depth > 3) return;
      for (const key of PASSWORD_KEYS) report(findProperty(options, key)?.value);
      for (const nested of ['connection', 'auth', 'authentication', 'options', 'credentials', 'replication', 'master']) inspect(findProperty(options, nested)?.value, depth + 1);
    };
    const visit = (node: TSESTree.CallExpression | TSESTree.NewExpression) => {
      const name = calleeName(node);
      if (!name || !CLIENTS.test(name)) return;
      if (name.endsWith('connect') && !/^(?:mongoose|mongodb|MongoClient|mysql|pg|redis|sql|mssql|oracledb|db)\./.test(name)) return;
      for (const arg of node.arguments) inspect(arg);
      // new Sequelize(database, username, password, options)
      if (/(?:^|\.)Sequelize$/.test(name) && node.arguments.length >= 3) report(node.arguments[2]);
    };
    return { CallExpression: visit, NewExpression: visit };
  },
});
