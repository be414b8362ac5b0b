import { testRule } from '../helpers/ruleTester';
import insecureTlsVersion from '../../server/src/rules/ast/insecure-tls-version';
import plaintextHttpUrl from '../../server/src/rules/ast/plaintext-http-url';
import weakCipher from '../../server/src/rules/ast/weak-cipher';
import cipherEcbMode from '../../server/src/rules/ast/cipher-ecb-mode';
import cipherStaticIv from '../../server/src/rules/ast/cipher-static-iv';
import rsaKeyTooSmall from '../../server/src/rules/ast/rsa-key-too-small';
import passwordFastHash from '../../server/src/rules/ast/password-fast-hash';
import pbkdf2LowIterations from '../../server/src/rules/ast/pbkdf2-low-iterations';
import insecureRandom from '../../server/src/rules/ast/insecure-random';
import commandInjection from '../../server/src/rules/ast/command-injection';
import sqlInjection from '../../server/src/rules/ast/sql-injection';
import nosqlInjection from '../../server/src/rules/ast/nosql-injection';
import domXssSink from '../../server/src/rules/ast/dom-xss-sink';
import reactDangerousHtml from '../../server/src/rules/ast/react-dangerous-html';
import angularBypassSanitizer from '../../server/src/rules/ast/angular-bypass-sanitizer';
import handlebarsSafestring from '../../server/src/rules/ast/handlebars-safestring';
import htmlEscapingDisabled from '../../server/src/rules/ast/html-escaping-disabled';
import openRedirect from '../../server/src/rules/ast/open-redirect';
import pathTraversal from '../../server/src/rules/ast/path-traversal';
import unsafeDeserialization from '../../server/src/rules/ast/unsafe-deserialization';
import corsWildcardCredentials from '../../server/src/rules/ast/cors-wildcard-credentials';
import cookieInsecure from '../../server/src/rules/ast/cookie-insecure';
import jwtAlgorithmNotPinned from '../../server/src/rules/ast/jwt-algorithm-not-pinned';
import jwtDecodeWithoutVerify from '../../server/src/rules/ast/jwt-decode-without-verify';
import errorDetailsToClient from '../../server/src/rules/ast/error-details-to-client';
import secretInLog from '../../server/src/rules/ast/secret-in-log';
import evalNonLiteral from '../../server/src/rules/ast/eval-non-literal';
import tlsVerificationDisabled from '../../server/src/rules/ast/tls-verification-disabled';
import weakHash from '../../server/src/rules/ast/weak-hash';
import expressDebugEnabled from '../../server/src/rules/ast/express-debug-enabled';

// Exact positions, messages and fix output for the insecure-pattern AST rules (JS, TS, JSX).
// The first three rules' basic tables live in ast-rules.test.ts; these add the forms added since.

testRule(insecureTlsVersion, {
  "valid": [
    "tls.connect({ minVersion: 'TLSv1.2' })",
    "https.request({ secureProtocol: 'TLS_method' })",
    "const minVersion = 'TLSv1';"
  ],
  "invalid": [
    {
      "code": "tls.connect({ host, minVersion: 'TLSv1' })",
      "errors": [
        {
          "line": 1,
          "column": 33,
          "endLine": 1,
          "endColumn": 40,
          "message": "`minVersion: 'TLSv1'` allows a"
        }
      ],
      "output": "tls.connect({ host, minVersion: 'TLSv1.2' })"
    },
    {
      "code": "new https.Agent({ secureProtocol: 'TLSv1_method' })",
      "errors": [
        {
          "line": 1,
          "column": 35,
          "endLine": 1,
          "endColumn": 49,
          "message": "`TLSv1_method` allows a deprec"
        }
      ]
    },
    {
      "code": "tls.createServer({ maxVersion: \"TLSv1.1\" })",
      "errors": [
        {
          "line": 1,
          "column": 32,
          "endLine": 1,
          "endColumn": 41,
          "message": "`maxVersion: 'TLSv1.1'` caps c"
        }
      ]
    }
  ]
});

testRule(plaintextHttpUrl, {
  "valid": [
    "fetch('https://api.acme.io/v1')",
    "fetch('http://localhost:3000/api')",
    "const ns = 'http://www.w3.org/2000/svg';",
    "// see http://acme.io\nfetch(url)",
    "axios.get('http://127.0.0.1:8080')",
    "const doc = 'http://acme.io/docs';"
  ],
  "invalid": [
    {
      "code": "fetch(/* legacy */ 'http://api.acme.io');",
      "errors": [
        {
          "line": 1,
          "column": 21,
          "endLine": 1,
          "endColumn": 39
        }
      ]
    },
    {
      "code": "axios.get<User>('http://api.acme.io/u');",
      "errors": [
        {
          "line": 1,
          "column": 18,
          "endLine": 1,
          "endColumn": 36
        }
      ]
    },
    {
      "code": "fetch('http://api.acme.io/v1/users')",
      "errors": [
        {
          "line": 1,
          "column": 8,
          "endLine": 1,
          "endColumn": 26,
          "message": "Plaintext http:// endpoint; us"
        }
      ],
      "output": "fetch('https://api.acme.io/v1/users')"
    },
    {
      "code": "axios.create({ baseURL: `http://billing.acme.io/${v}` })",
      "errors": [
        {
          "line": 1,
          "column": 26,
          "endLine": 1,
          "endColumn": 48,
          "message": "Plaintext http:// endpoint; us"
        }
      ],
      "output": "axios.create({ baseURL: `https://billing.acme.io/${v}` })"
    },
    {
      "code": "const ws = new WebSocket('ws://chat.acme.io/socket');",
      "errors": [
        {
          "line": 1,
          "column": 27,
          "endLine": 1,
          "endColumn": 44,
          "message": "Plaintext ws:// endpoint; use "
        }
      ],
      "output": "const ws = new WebSocket('wss://chat.acme.io/socket');"
    },
    {
      "code": "const client = { url: 'ftp://files.acme.io/in' };",
      "errors": [
        {
          "line": 1,
          "column": 24,
          "endLine": 1,
          "endColumn": 43,
          "message": "Plaintext ftp:// endpoint; use"
        }
      ]
    }
  ]
});

testRule(weakCipher, {
  "valid": [
    "crypto.createCipheriv('aes-256-gcm', key, iv)",
    "createCipheriv(alg, key, iv)"
  ],
  "invalid": [
    {
      "code": "crypto.createCipheriv('des-ede3-cbc', key, iv)",
      "errors": [
        {
          "line": 1,
          "column": 23,
          "endLine": 1,
          "endColumn": 37,
          "message": "'des-ede3-cbc' is a broken cip"
        }
      ]
    },
    {
      "code": "crypto.createCipheriv('rc4', key, null)",
      "errors": [
        {
          "line": 1,
          "column": 23,
          "endLine": 1,
          "endColumn": 28,
          "message": "'rc4' is a broken cipher; use "
        }
      ]
    },
    {
      "code": "crypto.createDecipheriv('bf-cbc', key, iv)",
      "errors": [
        {
          "line": 1,
          "column": 25,
          "endLine": 1,
          "endColumn": 33,
          "message": "'bf-cbc' is a broken cipher; u"
        }
      ]
    }
  ]
});

testRule(cipherEcbMode, {
  "valid": [
    "crypto.createCipheriv('aes-256-gcm', key, iv)",
    "const mode = CryptoJS.mode.CBC; CryptoJS.AES.encrypt(m, k, { mode: CryptoJS.mode.CBC })"
  ],
  "invalid": [
    {
      "code": "crypto.createCipheriv('aes-128-ecb', key, null)",
      "errors": [
        {
          "line": 1,
          "column": 23,
          "endLine": 1,
          "endColumn": 36,
          "message": "'aes-128-ecb' uses ECB mode, w"
        }
      ]
    },
    {
      "code": "CryptoJS.AES.encrypt(msg, key, { mode: CryptoJS.mode.ECB })",
      "errors": [
        {
          "line": 1,
          "column": 40,
          "endLine": 1,
          "endColumn": 57,
          "message": "ECB mode leaks patterns in the"
        }
      ]
    },
    {
      "code": "createDecipheriv('aes-256-ecb', k, null)",
      "errors": [
        {
          "line": 1,
          "column": 18,
          "endLine": 1,
          "endColumn": 31,
          "message": "'aes-256-ecb' uses ECB mode, w"
        }
      ]
    }
  ]
});

testRule(cipherStaticIv, {
  "valid": [
    "const iv = crypto.randomBytes(12); crypto.createCipheriv('aes-256-gcm', key, iv)",
    "function enc(key, iv) { return crypto.createCipheriv('aes-256-cbc', key, iv); }",
    "crypto.createCipheriv('aes-128-ecb', key, null)",
    "var des = crypto.createCipheriv('DES-ECB', key, '');",
    "crypto.createCipheriv('aes-128-ecb', key, Buffer.alloc(0))",
    "crypto.createCipheriv('rc4', key, Buffer.alloc(16))"
  ],
  "invalid": [
    {
      "code": "crypto.createCipheriv('aes-256-cbc', key, Buffer.alloc(16))",
      "errors": [
        {
          "line": 1,
          "column": 43,
          "endLine": 1,
          "endColumn": 59,
          "message": "This IV is the same for every "
        }
      ]
    },
    {
      "code": "const iv = Buffer.from('0123456789abcdef');\nconst c = crypto.createCipheriv('aes-128-cbc', key, iv);",
      "errors": [
        {
          "line": 2,
          "column": 53,
          "endLine": 2,
          "endColumn": 55,
          "message": "This IV is the same for every "
        }
      ]
    },
    {
      "code": "const c = crypto.createCipher('aes-256-cbc', password);",
      "errors": [
        {
          "line": 1,
          "column": 11,
          "endLine": 1,
          "endColumn": 55,
          "message": "`createCipher` derives the IV "
        }
      ]
    }
  ]
});

testRule(rsaKeyTooSmall, {
  "valid": [
    "crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })",
    "generateKeyPair('ec', { namedCurve: 'P-256' }, cb)"
  ],
  "invalid": [
    {
      "code": "crypto.generateKeyPairSync('rsa', { modulusLength: 1024 })",
      "errors": [
        {
          "line": 1,
          "column": 52,
          "endLine": 1,
          "endColumn": 56,
          "message": "A 1024-bit RSA key is too shor"
        }
      ],
      "output": "crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })"
    },
    {
      "code": "generateKeyPair('rsa-pss', { modulusLength: 512, publicExponent: 65537 }, cb)",
      "errors": [
        {
          "line": 1,
          "column": 45,
          "endLine": 1,
          "endColumn": 48,
          "message": "A 512-bit RSA-PSS key is too s"
        }
      ],
      "output": "generateKeyPair('rsa-pss', { modulusLength: 2048, publicExponent: 65537 }, cb)"
    },
    {
      "code": "const key = new NodeRSA({ b: 1024 });",
      "errors": [
        {
          "line": 1,
          "column": 30,
          "endLine": 1,
          "endColumn": 34,
          "message": "A 1024-bit RSA key is too shor"
        }
      ],
      "output": "const key = new NodeRSA({ b: 2048 });"
    }
  ]
});

testRule(passwordFastHash, {
  "valid": [
    "crypto.createHash('sha256').update(fileBuffer).digest('hex')",
    "crypto.scrypt(password, salt, 64, cb)"
  ],
  "invalid": [
    {
      "code": "const h = crypto.createHash('sha256').update(password).digest('hex');",
      "errors": [
        {
          "line": 1,
          "column": 11,
          "endLine": 1,
          "endColumn": 38,
          "message": "`password` is hashed with fast"
        }
      ]
    },
    {
      "code": "createHash('md5').update(user.password).digest('hex')",
      "errors": [
        {
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 18,
          "message": "`password` is hashed with fast"
        }
      ]
    },
    {
      "code": "crypto.createHash('sha1').update(`${salt}${password}`).digest('base64')",
      "errors": [
        {
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 26,
          "message": "`password` is hashed with fast"
        }
      ]
    }
  ]
});

testRule(pbkdf2LowIterations, {
  "valid": [
    "crypto.pbkdf2Sync(pw, salt, 600000, 32, 'sha256')",
    "crypto.pbkdf2(pw, salt, iterations, 32, 'sha256', cb)"
  ],
  "invalid": [
    {
      "code": "crypto.pbkdf2Sync(pw, salt, 1000, 32, 'sha256')",
      "errors": [
        {
          "line": 1,
          "column": 29,
          "endLine": 1,
          "endColumn": 33,
          "message": "1000 PBKDF2 iterations are too"
        }
      ]
    },
    {
      "code": "pbkdf2(password, salt, 10000, 64, 'sha512', done)",
      "errors": [
        {
          "line": 1,
          "column": 24,
          "endLine": 1,
          "endColumn": 29,
          "message": "10000 PBKDF2 iterations are to"
        }
      ]
    },
    {
      "code": "crypto.pbkdf2Sync(pw, salt, 5000, 32, 'sha1')",
      "errors": [
        {
          "line": 1,
          "column": 29,
          "endLine": 1,
          "endColumn": 33,
          "message": "5000 PBKDF2 iterations are too"
        }
      ]
    }
  ]
});

testRule(insecureRandom, {
  "valid": [
    "const jitter = Math.random() * 100;",
    "const x = Math.floor(Math.random() * items.length);",
    "const delay = Math.random();"
  ],
  "invalid": [
    {
      "code": "const aesIv = Math.random();",
      "errors": [
        {
          "line": 1,
          "column": 15,
          "endLine": 1,
          "endColumn": 28
        }
      ]
    },
    {
      "code": "const o = { apiKey: Math['random']() };",
      "errors": [
        {
          "line": 1,
          "column": 21,
          "endLine": 1,
          "endColumn": 37
        }
      ]
    },
    {
      "code": "const token = Math.random().toString(36).slice(2);",
      "errors": [
        {
          "line": 1,
          "column": 15,
          "endLine": 1,
          "endColumn": 28,
          "message": "`token` is built from Math.ran"
        }
      ]
    },
    {
      "code": "const user = { resetToken: Math.random().toString(36) };",
      "errors": [
        {
          "line": 1,
          "column": 28,
          "endLine": 1,
          "endColumn": 41,
          "message": "`resetToken` is built from Mat"
        }
      ]
    },
    {
      "code": "function generatePassword() { return Math.random().toString(36).slice(-10); }",
      "errors": [
        {
          "line": 1,
          "column": 38,
          "endLine": 1,
          "endColumn": 51,
          "message": "`generatePassword` is built fr"
        }
      ]
    },
    {
      "code": "session.csrf = String(Math.random());",
      "errors": [
        {
          "line": 1,
          "column": 23,
          "endLine": 1,
          "endColumn": 36,
          "message": "`csrf` is built from Math.rand"
        }
      ]
    }
  ]
});

testRule(commandInjection, {
  "valid": [
    "const { exec } = require('child_process');\nexec('ls -la');",
    "const cp = require('child_process');\ncp.execFile('git', ['log', ref]);",
    "const re = /a/; re.exec(input);",
    "import { spawn } from 'child_process';\nspawn('ls', [dir]);",
    "const shell = require('shelljs');\nconst input = 'ls ./';\nshell.exec(input, { silent: true });"
  ],
  "invalid": [
    {
      "code": "const shell = require('shelljs');\napp.get('/ls', (req, res) => shell.exec(`ls ${req.query.dir}`, { silent: true }));",
      "errors": [{ "line": 2, "column": 41, "endLine": 2, "endColumn": 62, "message": "`exec` runs request data through a shell" }]
    },
    {
      "code": "const { exec: run } = require('child_process');\nrun(cmd);",
      "errors": [
        {
          "line": 2,
          "column": 5,
          "endLine": 2,
          "endColumn": 8
        }
      ]
    },
    {
      "code": "const { exec } = require('child_process');\nexec(`git log ${ref}`);",
      "errors": [
        {
          "line": 2,
          "column": 6,
          "endLine": 2,
          "endColumn": 22,
          "message": "`exec` runs a string built at "
        }
      ]
    },
    {
      "code": "const cp = require('child_process');\napp.get('/', (req, res) => { cp.execSync('ping -c 1 ' + req.query.host); });",
      "errors": [
        {
          "line": 2,
          "column": 42,
          "endLine": 2,
          "endColumn": 71,
          "message": "`execSync` runs request data t"
        }
      ]
    },
    {
      "code": "import { spawn } from 'node:child_process';\nspawn(cmd, args, { shell: true });",
      "errors": [
        {
          "line": 2,
          "column": 7,
          "endLine": 2,
          "endColumn": 10,
          "message": "`spawn` runs a string built at"
        }
      ]
    }
  ]
});

testRule(sqlInjection, {
  "valid": [
    "db.query('SELECT * FROM users WHERE id = $1', [id])",
    "pool.query(`SELECT * FROM users WHERE id = ${1}`)",
    "map.get(`${a}/${b}`)",
    "const TABLE = 'users';\ndb.query('SELECT * FROM ' + TABLE)"
  ],
  "invalid": [
    {
      "code": "db.query(\"SELECT\" +\n  \" * FROM users\" +\n  \" WHERE id = \" + id);",
      "errors": [
        {
          "line": 1,
          "column": 10,
          "endLine": 3,
          "endColumn": 22
        }
      ]
    },
    {
      "code": "knex('t').whereRaw(\"name LIKE '\" + q + \"'\");",
      "errors": [
        {
          "line": 1,
          "column": 20,
          "endLine": 1,
          "endColumn": 43
        }
      ]
    },
    {
      "code": "db.query('EXECUTE proc ' + name);",
      "errors": [
        {
          "line": 1,
          "column": 10,
          "endLine": 1,
          "endColumn": 32
        }
      ]
    },
    {
      "code": "db.query(`SELECT * FROM users WHERE id = ${id}`)",
      "errors": [
        {
          "line": 1,
          "column": 10,
          "endLine": 1,
          "endColumn": 48,
          "message": "This SQL is built by interpola"
        }
      ]
    },
    {
      "code": "app.get('/u', (req, res) => { connection.query(\"SELECT * FROM users WHERE name = '\" + req.query.name + \"'\"); });",
      "errors": [
        {
          "line": 1,
          "column": 48,
          "endLine": 1,
          "endColumn": 107,
          "message": "This SQL is built by concatena"
        }
      ]
    },
    {
      "code": "const sql = `DELETE FROM sessions WHERE user = '${user}'`;\nawait knex.raw(sql);",
      "errors": [
        {
          "line": 2,
          "column": 16,
          "endLine": 2,
          "endColumn": 19,
          "message": "This SQL is built by interpola"
        }
      ]
    },
    {
      "code": "sequelize.query('UPDATE users SET role = ' + role + ' WHERE id = 1')",
      "errors": [
        {
          "line": 1,
          "column": 17,
          "endLine": 1,
          "endColumn": 68,
          "message": "This SQL is built by concatena"
        }
      ]
    }
  ]
});

testRule(nosqlInjection, {
  "valid": [
    "User.find({ name: String(req.body.name) })",
    "db.collection('u').find({ $where: 'this.a > 1' })",
    "User.findOne({ email })"
  ],
  "invalid": [
    {
      "code": "app.post('/', (req, res) => User.find({ user: req.headers['x-user'] }));",
      "errors": [
        {
          "line": 1,
          "column": 47,
          "endLine": 1,
          "endColumn": 68
        }
      ]
    },
    {
      "code": "app.post('/login', async (req, res) => { await User.findOne({ user: req.body.user, pass: req.body.pass }); });",
      "errors": [
        {
          "line": 1,
          "column": 69,
          "endLine": 1,
          "endColumn": 82,
          "message": "`req.body.user` goes into the "
        },
        {
          "line": 1,
          "column": 90,
          "endLine": 1,
          "endColumn": 103,
          "message": "`req.body.pass` goes into the "
        }
      ]
    },
    {
      "code": "users.find(req.query)",
      "errors": [
        {
          "line": 1,
          "column": 12,
          "endLine": 1,
          "endColumn": 21,
          "message": "The whole request object is us"
        }
      ]
    },
    {
      "code": "db.users.find({ $where: `this.name == '${name}'` })",
      "errors": [
        {
          "line": 1,
          "column": 17,
          "endLine": 1,
          "endColumn": 49,
          "message": "`$where` evaluates JavaScript "
        }
      ]
    }
  ]
});

testRule(domXssSink, {
  "valid": [
    "el.innerHTML = '<b>hi</b>';",
    "el.textContent = name;",
    "el.innerHTML = DOMPurify.sanitize(html);",
    "el.insertAdjacentHTML('beforeend', '<li></li>')"
  ],
  "invalid": [
    {
      "code": "el.innerHTML = name;",
      "errors": [
        {
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 20,
          "message": "`innerHTML` parses this value "
        }
      ]
    },
    {
      "code": "el.outerHTML = `<div>${comment}</div>`;",
      "errors": [
        {
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 39,
          "message": "`outerHTML` parses this value "
        }
      ]
    },
    {
      "code": "list.insertAdjacentHTML('beforeend', '<li>' + item + '</li>');",
      "errors": [
        {
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 62,
          "message": "`insertAdjacentHTML` parses th"
        }
      ]
    },
    {
      "code": "document.write(location.hash);",
      "errors": [
        {
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 30,
          "message": "`document.write` parses reques"
        }
      ]
    }
  ]
});

testRule(reactDangerousHtml, {
  "valid": [
    "const A = () => <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(html) }} />;",
    "const B = () => <div dangerouslySetInnerHTML={{ __html: '<b>x</b>' }} />;",
    "const C = ({ t }) => <div>{t}</div>;"
  ],
  "invalid": [
    {
      "code": "const A = ({ bio }) => <div dangerouslySetInnerHTML={{ __html: bio }} />;",
      "errors": [
        {
          "line": 1,
          "column": 29,
          "endLine": 1,
          "endColumn": 70,
          "message": "dangerouslySetInnerHTML render"
        }
      ]
    },
    {
      "code": "const B = (p) => <p dangerouslySetInnerHTML={{ __html: `<b>${p.name}</b>` }} />;",
      "errors": [
        {
          "line": 1,
          "column": 21,
          "endLine": 1,
          "endColumn": 77,
          "message": "dangerouslySetInnerHTML render"
        }
      ]
    },
    {
      "code": "const C = ({ h }) => <span dangerouslySetInnerHTML={h} />;",
      "errors": [
        {
          "line": 1,
          "column": 28,
          "endLine": 1,
          "endColumn": 55,
          "message": "dangerouslySetInnerHTML render"
        }
      ]
    }
  ]
}, 'view.tsx');

testRule(angularBypassSanitizer, {
  "valid": [
    "this.s.bypassSecurityTrustHtml('<b>static</b>')",
    "this.s.sanitize(SecurityContext.HTML, v)"
  ],
  "invalid": [
    {
      "code": "this.html = this.sanitizer.bypassSecurityTrustHtml(comment.body);",
      "errors": [
        {
          "line": 1,
          "column": 13,
          "endLine": 1,
          "endColumn": 65,
          "message": "`bypassSecurityTrustHtml` mark"
        }
      ]
    },
    {
      "code": "this.url = this.sanitizer.bypassSecurityTrustResourceUrl(`https://x.io/${id}`);",
      "errors": [
        {
          "line": 1,
          "column": 12,
          "endLine": 1,
          "endColumn": 79,
          "message": "`bypassSecurityTrustResourceUr"
        }
      ]
    },
    {
      "code": "s.bypassSecurityTrustScript(code)",
      "errors": [
        {
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 34,
          "message": "`bypassSecurityTrustScript` ma"
        }
      ]
    }
  ]
});

testRule(openRedirect, {
  "valid": [
    "res.redirect('/login')",
    "app.get('/', (req, res) => res.redirect(ALLOWED[req.query.to] ?? '/'));",
    "res.redirect(target)"
  ],
  "invalid": [
    {
      "code": "window.open(document.referrer);",
      "errors": [
        {
          "line": 1,
          "column": 13,
          "endLine": 1,
          "endColumn": 30
        }
      ]
    },
    {
      "code": "app.get('/', (req, res) => res\n  .redirect(req.query.u));",
      "errors": [
        {
          "line": 2,
          "column": 13,
          "endLine": 2,
          "endColumn": 24
        }
      ]
    },
    {
      "code": "app.get('/go', (req, res) => { res.redirect(req.query.next); });",
      "errors": [
        {
          "line": 1,
          "column": 45,
          "endLine": 1,
          "endColumn": 59,
          "message": "This redirect target comes fro"
        }
      ]
    },
    {
      "code": "router.get('/cb', (ctx) => { const { returnTo } = ctx.query; ctx.redirect(returnTo); });",
      "errors": [
        {
          "line": 1,
          "column": 75,
          "endLine": 1,
          "endColumn": 83,
          "message": "This redirect target comes fro"
        }
      ]
    },
    {
      "code": "window.location.href = new URLSearchParams(location.search).get('next');",
      "errors": [
        {
          "line": 1,
          "column": 24,
          "endLine": 1,
          "endColumn": 72,
          "message": "This redirect target comes fro"
        }
      ]
    }
  ]
});

testRule(pathTraversal, {
  "valid": [
    "const fs = require('fs');\nfs.readFileSync(path.join(__dirname, 'a.txt'));",
    "app.get('/f', (req, res) => res.sendFile(req.params.name, { root: PUBLIC }));",
    // options the file does not spell out may set `root` (Express then refuses `..`)
    "app.get('/f', (req, res) => res.sendfile(req.params.foo, options));",
    "const opts = { root: PUBLIC, dotfiles: 'deny' };\napp.get('/f', (req, res) => res.sendFile(req.query.f, opts));",
    "const fs = require('fs');\nfs.readFile(file, cb);"
  ],
  "invalid": [
    {
      "code": "app.get('/', (req, res) => res['sendFile'](req.query.f));",
      "errors": [
        {
          "line": 1,
          "column": 44,
          "endLine": 1,
          "endColumn": 55
        }
      ]
    },
    {
      "code": "const fs = require('fs');\napp.get('/f', (req, res) => { fs.readFile(req.query.file, cb); });",
      "errors": [
        {
          "line": 2,
          "column": 43,
          "endLine": 2,
          "endColumn": 57,
          "message": "`readFile` opens a path built "
        }
      ]
    },
    {
      "code": "import { createReadStream } from 'node:fs';\napp.get('/d', (req, res) => { const p = path.join('/srv', req.params.name); createReadStream(p).pipe(res); });",
      "errors": [
        {
          "line": 2,
          "column": 94,
          "endLine": 2,
          "endColumn": 95,
          "message": "`createReadStream` opens a pat"
        }
      ]
    },
    {
      // options spelled out without `root`, and a callback in their place: the path is opened as given
      "code": "const opts = { dotfiles: 'deny' };\napp.get('/f', (req, res) => {\n  res.sendFile(req.query.f, opts);\n  res.sendFile(req.query.g, (err) => next(err));\n});",
      "errors": [
        { "line": 3, "column": 16, "endLine": 3, "endColumn": 27, "message": "`sendFile` opens a path" },
        { "line": 4, "column": 16, "endLine": 4, "endColumn": 27, "message": "`sendFile` opens a path" }
      ]
    },
    {
      // download's second argument is the name the client saves, not options
      "code": "app.get('/f', (req, res) => {\n  const name = 'log_' + req.query.date + '.txt';\n  res.download(req.query.date, name);\n  res.download(req.query.f, name, { root: '/logs' });\n});",
      "errors": [{ "line": 3, "column": 16, "endLine": 3, "endColumn": 30, "message": "`download` opens a path" }]
    },
    {
      "code": "app.get('/x', (req, res) => res.sendFile(`/data/${req.query.f}`));",
      "errors": [
        {
          "line": 1,
          "column": 42,
          "endLine": 1,
          "endColumn": 64,
          "message": "`sendFile` opens a path built "
        }
      ]
    }
  ]
});

testRule(unsafeDeserialization, {
  "valid": [
    "const data = JSON.parse(body);",
    "const yaml = require('js-yaml');\nyaml.load(text);",
    "require('js-yaml').load(text);",
    "require('serialize-to-js').serialize(obj);",
    // js-yaml 3 (its safeLoad API in the file) with an explicit schema, and safeLoad itself
    "const yaml = require('js-yaml');\nyaml.safeLoad(a);\nyaml.load(b, { schema: yaml.JSON_SCHEMA });",
    // js-yaml 4 with its default schema: load is safe
    "const yaml = require('js-yaml');\nyaml.load(text, { schema: yaml.DEFAULT_SCHEMA });"
  ],
  "invalid": [
    {
      // the module called straight off `require(…)`, with no name bound to it
      "code": "app.get('/', (req, res) => {\n  require('serialize-to-js').deserialize(req.cookies.state);\n});",
      "errors": [{ "line": 2, "column": 3, "endLine": 2, "endColumn": 60, "message": "`deserialize` can run code", "severity": "error" }]
    },
    {
      "code": "const serialize = require('node-serialize');\nserialize.unserialize(req.cookies.profile);",
      "errors": [
        {
          "line": 2,
          "column": 1,
          "endLine": 2,
          "endColumn": 43,
          "message": "`unserialize` can run code emb"
        }
      ]
    },
    {
      "code": "import { unserialize } from 'node-serialize';\nunserialize(data);",
      "errors": [
        {
          "line": 2,
          "column": 1,
          "endLine": 2,
          "endColumn": 18,
          "message": "`unserialize` can run code emb"
        }
      ]
    },
    {
      // js-yaml 3: the file uses safeLoad, so load reads with the full schema; the fix is the same call under its safe name
      "code": "const yaml = require('js-yaml');\nconst a = yaml.safeLoad(x);\nconst b = yaml.load(req.body.config);",
      "errors": [{ "line": 3, "column": 11, "endLine": 3, "endColumn": 37, "message": "This file uses js-yaml 3", "severity": "error" }],
      "output": "const yaml = require('js-yaml');\nconst a = yaml.safeLoad(x);\nconst b = yaml.safeLoad(req.body.config);"
    },
    {
      // js-yaml 4 given the JavaScript types back (js-yaml-js-types), through a name; no mechanical fix
      "code": "const yaml = require('js-yaml');\nconst types = require('js-yaml-js-types');\nconst schema = yaml.DEFAULT_SCHEMA.extend(types.all);\nfunction f(text) {\n  return yaml.loadAll(text, null, { schema });\n}",
      "errors": [{ "line": 5, "column": 10, "endLine": 5, "endColumn": 46, "message": "`loadAll` with a schema that h", "severity": "error" }]
    }
  ]
});

testRule(corsWildcardCredentials, {
  "valid": [
    "app.use(cors({ origin: 'https://app.acme.io', credentials: true }))",
    "app.use(cors({ origin: '*' }))"
  ],
  "invalid": [
    {
      "code": "app.use(cors({ origin: '*', 'credentials': true }));",
      "errors": [
        {
          "line": 1,
          "column": 16,
          "endLine": 1,
          "endColumn": 27
        }
      ]
    },
    {
      "code": "app.use(cors({ origin: '*', credentials: true }))",
      "errors": [
        {
          "line": 1,
          "column": 16,
          "endLine": 1,
          "endColumn": 27,
          "message": "CORS accepts any origin while "
        }
      ]
    },
    {
      "code": "app.use(cors({ origin: true, credentials: true }))",
      "errors": [
        {
          "line": 1,
          "column": 16,
          "endLine": 1,
          "endColumn": 28,
          "message": "CORS accepts any origin while "
        }
      ]
    },
    {
      "code": "app.use((req, res, next) => { res.setHeader('Access-Control-Allow-Origin', req.headers.origin); res.setHeader('Access-Control-Allow-Credentials', 'true'); next(); });",
      "errors": [
        {
          "line": 1,
          "column": 76,
          "endLine": 1,
          "endColumn": 94,
          "message": "The request's Origin is reflec"
        }
      ]
    }
  ]
});

testRule(cookieInsecure, {
  "valid": [
    "res.cookie('sid', id, { httpOnly: true, secure: true, sameSite: 'lax' })",
    "res.cookie('sid', id, opts)",
    "cookies.set('a', 'b')"
  ],
  "invalid": [
    {
      "code": "res['cookie']('sid', v);",
      "errors": [
        {
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 24
        }
      ]
    },
    {
      "code": "res.cookie('sid', token)",
      "errors": [
        {
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 25,
          "message": "This cookie is set without htt"
        }
      ],
      "output": "res.cookie('sid', token, { httpOnly: true, secure: true, sameSite: 'lax' })"
    },
    {
      "code": "res.cookie('sid', token, { httpOnly: true })",
      "errors": [
        {
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 45,
          "message": "This cookie is set without sec"
        }
      ],
      "output": "res.cookie('sid', token, { httpOnly: true, secure: true, sameSite: 'lax' })"
    },
    {
      "code": "app.use(session({ secret: s, cookie: { secure: false } }))",
      "errors": [
        {
          "line": 1,
          "column": 40,
          "endLine": 1,
          "endColumn": 53,
          "message": "The session cookie has `secure"
        }
      ],
      "output": "app.use(session({ secret: s, cookie: { secure: true } }))"
    },
    {
      "code": "res.cookie('sid', v, { httpOnly: false, secure: true, sameSite: 'strict' })",
      "errors": [
        {
          "line": 1,
          "column": 24,
          "endLine": 1,
          "endColumn": 39,
          "message": "`httpOnly: false` weakens this"
        }
      ],
      "output": "res.cookie('sid', v, { httpOnly: true, secure: true, sameSite: 'strict' })"
    }
  ]
});

testRule(jwtAlgorithmNotPinned, {
  "valid": [
    "const jwt = require('jsonwebtoken');\njwt.verify(t, key, { algorithms: ['RS256'] });",
    "const jwt = require('jsonwebtoken');\njwt.verify(t, key, options);",
    "other.verify(t, key)",
    "const jwt = require('jsonwebtoken');\njwt.verify(token, secret);"
  ],
  "invalid": [
    {
      "code": "import jwt from 'jsonwebtoken';\njwt.verify(token, key, { algorithms: ['none', 'HS256'] });",
      "errors": [
        {
          "line": 2,
          "column": 26,
          "endLine": 2,
          "endColumn": 55,
          "message": "Accepting 'none' lets unsigned"
        }
      ]
    },
    {
      "code": "import { sign } from 'jsonwebtoken';\nsign(payload, '', { algorithm: 'none' });",
      "errors": [
        {
          "line": 2,
          "column": 21,
          "endLine": 2,
          "endColumn": 38,
          "message": "Tokens signed with 'none' carr"
        }
      ]
    }
  ]
});

testRule(jwtDecodeWithoutVerify, {
  "valid": [
    "const jwt = require('jsonwebtoken');\nconst c = jwt.decode(t);\njwt.verify(t, k, { algorithms: ['RS256'] });",
    "const c = jwtDecode(t);"
  ],
  "invalid": [
    {
      "code": "const jwt = require('jsonwebtoken');\nconst claims = jwt.decode(req.headers.authorization);",
      "errors": [
        {
          "line": 2,
          "column": 16,
          "endLine": 2,
          "endColumn": 53,
          "message": "jwt.decode does not check the "
        }
      ]
    },
    {
      "code": "import { decode } from 'jsonwebtoken';\nconst user = decode(token);",
      "errors": [
        {
          "line": 2,
          "column": 14,
          "endLine": 2,
          "endColumn": 27,
          "message": "jwt.decode does not check the "
        }
      ]
    },
    {
      "code": "import * as jwt from 'jsonwebtoken';\nif (jwt.decode(t).admin) grant();",
      "errors": [
        {
          "line": 2,
          "column": 5,
          "endLine": 2,
          "endColumn": 18,
          "message": "jwt.decode does not check the "
        }
      ]
    }
  ]
});

testRule(errorDetailsToClient, {
  "valid": [
    "try { run(); } catch (err) { log(err); res.status(500).send('Internal error'); }",
    "res.json({ ok: true })",
    "app.use((err, req, res, next) => { res.status(500).json({ error: 'failed', id }); });"
  ],
  "invalid": [
    {
      "code": "try {\n  run();\n} catch (err) {\n  res\n    .status(500)\n    .json({ error: err.stack });\n}",
      "errors": [
        {
          "line": 6,
          "column": 20,
          "endLine": 6,
          "endColumn": 29
        }
      ]
    },
    {
      "code": "app.use((e, req, res, next) => res.status(500).send(e));",
      "errors": [
        {
          "line": 1,
          "column": 53,
          "endLine": 1,
          "endColumn": 54
        }
      ]
    },
    {
      "code": "try { run(); } catch (err) { res.status(500).send(err.stack); }",
      "errors": [
        {
          "line": 1,
          "column": 51,
          "endLine": 1,
          "endColumn": 60,
          "message": "A stack trace goes back to the"
        }
      ]
    },
    {
      "code": "app.use((err, req, res, next) => { res.status(500).json({ error: err }); });",
      "errors": [
        {
          "line": 1,
          "column": 66,
          "endLine": 1,
          "endColumn": 69,
          "message": "The raw error goes back to the"
        }
      ]
    },
    {
      "code": "try { x(); } catch (e) { res.send(e); }",
      "errors": [
        {
          "line": 1,
          "column": 35,
          "endLine": 1,
          "endColumn": 36,
          "message": "The raw error goes back to the"
        }
      ]
    }
  ]
});

testRule(secretInLog, {
  "valid": [
    "console.log('password changed for', user.id)",
    "logger.info('token refreshed')",
    "console.log(tokens.length)"
  ],
  "invalid": [
    {
      "code": "console.log('login', username, password);",
      "errors": [
        {
          "line": 1,
          "column": 32,
          "endLine": 1,
          "endColumn": 40,
          "message": "`password` is written to the l"
        }
      ]
    },
    {
      "code": "logger.debug(`auth header ${req.headers.authorization}`);",
      "errors": [
        {
          "line": 1,
          "column": 14,
          "endLine": 1,
          "endColumn": 56,
          "message": "`req.headers.authorization` is"
        }
      ]
    },
    {
      "code": "this.logger.info({ accessToken });",
      "errors": [
        {
          "line": 1,
          "column": 18,
          "endLine": 1,
          "endColumn": 33,
          "message": "`accessToken` is written to th"
        }
      ]
    }
  ]
});

testRule(evalNonLiteral, {
  "valid": [
    "setTimeout(() => tick(), 100)",
    "setTimeout(tick, 100)",
    "const vm = require('vm');\nvm.runInNewContext('1 + 1')"
  ],
  "invalid": [
    {
      "code": "Function('binder', 'return ' + x)",
      "errors": [
        {
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 34
        }
      ]
    },
    {
      "code": "setTimeout(getCode() + ';', 0)",
      "errors": [
        {
          "line": 1,
          "column": 12,
          "endLine": 1,
          "endColumn": 27
        }
      ]
    },
    {
      "code": "window['eval'](x)",
      "errors": [
        {
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 18
        }
      ]
    },
    {
      "code": "setTimeout('update(' + id + ')', 100)",
      "errors": [
        {
          "line": 1,
          "column": 12,
          "endLine": 1,
          "endColumn": 32,
          "message": "`setTimeout` with a string com"
        }
      ]
    },
    {
      "code": "const vm = require('vm');\nvm.runInNewContext(code, sandbox)",
      "errors": [
        {
          "line": 2,
          "column": 1,
          "endLine": 2,
          "endColumn": 34,
          "message": "`vm.runInNewContext` runs code"
        }
      ]
    },
    {
      "code": "app.get('/', (req, res) => { eval(req.query.expr); });",
      "errors": [
        {
          "line": 1,
          "column": 30,
          "endLine": 1,
          "endColumn": 50,
          "message": "`eval` runs code built at run "
        }
      ]
    }
  ]
});

testRule(tlsVerificationDisabled, {
  "valid": [
    "spawn('node', [], { env: { NODE_TLS_REJECT_UNAUTHORIZED: '1' } })",
    "new tls.TLSSocket(s, { checkServerIdentity: (h, c) => tls.checkServerIdentity(h, c) })"
  ],
  "invalid": [
    {
      "code": "const o = { rejectUnauthorized: /* dev */ false };",
      "errors": [
        {
          "line": 1,
          "column": 43,
          "endLine": 1,
          "endColumn": 48
        }
      ]
    },
    {
      "code": "spawn('node', [], { env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } })",
      "errors": [
        {
          "line": 1,
          "column": 28,
          "endLine": 1,
          "endColumn": 61,
          "message": "NODE_TLS_REJECT_UNAUTHORIZED=0"
        }
      ]
    },
    {
      "code": "new https.Agent({ checkServerIdentity: () => undefined })",
      "errors": [
        {
          "line": 1,
          "column": 19,
          "endLine": 1,
          "endColumn": 55,
          "message": "A `checkServerIdentity` that a"
        }
      ]
    },
    {
      "code": "axios.create({ httpsAgent: new https.Agent({ rejectUnauthorized: false }) })",
      "errors": [
        {
          "line": 1,
          "column": 66,
          "endLine": 1,
          "endColumn": 71,
          "message": "`rejectUnauthorized: false` di"
        }
      ],
      "output": "axios.create({ httpsAgent: new https.Agent({ rejectUnauthorized: true }) })"
    }
  ]
});

testRule(weakHash, {
  "valid": [
    "crypto.subtle.digest('SHA-256', data)",
    // HMAC-SHA1 rests on the hash's pseudo-randomness, not on collision resistance (TOTP, webhook signatures).
    "const signature = crypto.createHmac('sha1', secret).update(body).digest('hex');",
    // Protocol-fixed uses that guard nothing: the WebSocket handshake (both ends) and an HTTP entity tag.
    "function completeUpgrade(key, socket) {\n  const digest = createHash('sha1').update(key + GUID).digest('base64');\n  socket.write(`HTTP/1.1 101 Switching Protocols\\r\\nSec-WebSocket-Accept: ${digest}\\r\\n\\r\\n`);\n}",
    "req.on('upgrade', (res) => {\n  const expected = crypto.createHash('sha1').update(key + GUID).digest('base64');\n  if (res.headers['sec-websocket-accept'] !== expected) abort();\n});",
    "function entitytag(entity) {\n  var hash = crypto.createHash('sha1').update(entity, 'utf8').digest('base64').substring(0, 27);\n  return '\"' + entity.length.toString(16) + '-' + hash + '\"';\n}",
    "const etag = crypto.createHash('md5').update(body).digest('hex');"
  ],
  "invalid": [
    {
      "code": "await crypto.subtle.digest('SHA-1', data)",
      "errors": [
        {
          "line": 1,
          "column": 28,
          "endLine": 1,
          "endColumn": 35,
          "message": "SHA-1 is broken for security u"
        }
      ],
      "output": "await crypto.subtle.digest('SHA-256', data)"
    },
    {
      "code": "function login(user, socket) {\n  socket.send(crypto.createHash('sha1').update(user.password).digest('hex'));\n}\nfunction upgrade(res) { return res.headers['sec-websocket-accept']; }",
      "errors": [{ "line": 2, "column": 33, "endLine": 2, "endColumn": 39, "message": "SHA1 is broken for security use" }],
      "output": "function login(user, socket) {\n  socket.send(crypto.createHash('sha256').update(user.password).digest('hex'));\n}\nfunction upgrade(res) { return res.headers['sec-websocket-accept']; }"
    },
    {
      "code": "crypto.createHash('md5')",
      "errors": [
        {
          "line": 1,
          "column": 19,
          "endLine": 1,
          "endColumn": 24,
          "message": "MD5 is broken for security use"
        }
      ],
      "output": "crypto.createHash('sha256')"
    },
    {
      "code": "createHmac('md5', key)",
      "errors": [
        {
          "line": 1,
          "column": 12,
          "endLine": 1,
          "endColumn": 17,
          "message": "MD5 is broken for security use"
        }
      ],
      "output": "createHmac('sha256', key)"
    }
  ]
});

testRule(expressDebugEnabled, {
  "valid": [
    "const errorhandler = require('errorhandler');\nif (process.env.NODE_ENV === 'development') { app.use(errorhandler()); }",
    "app.use(errorHandler());",
    "app.set('env', process.env.NODE_ENV);"
  ],
  "invalid": [
    {
      "code": "const errorhandler = require('errorhandler');\napp.use(errorhandler());",
      "errors": [
        {
          "line": 2,
          "column": 1,
          "endLine": 2,
          "endColumn": 24,
          "message": "`errorhandler` shows stack tra"
        }
      ]
    },
    {
      "code": "app.set('env', 'development');",
      "errors": [
        {
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 30,
          "message": "Forcing env to 'development' t"
        }
      ],
      "output": "app.set('env', process.env.NODE_ENV ?? 'production');"
    },
    {
      "code": "app.use(express.errorHandler({ dumpExceptions: true, showStack: true }));",
      "errors": [
        {
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 73,
          "message": "`express.errorHandler` shows s"
        }
      ]
    }
  ]
});

testRule(handlebarsSafestring, {
  valid: [
    "return new Handlebars.SafeString('<hr>');",
    "return new Handlebars.SafeString('<a href=\"' + Handlebars.escapeExpression(url) + '\">' + Handlebars.escapeExpression(text) + '</a>');",
    'return new Handlebars.SafeString(`<b>${Handlebars.Utils.escapeExpression(name)}</b>`);',
    'return new SafeString(sanitizeHtml(body));',
  ],
  invalid: [
    {
      code: "Handlebars.registerHelper('link', (text, url) => new Handlebars.SafeString('<a href=\"' + url + '\">' + text + '</a>'));",
      errors: [{ line: 1, column: 50, message: '`Handlebars.SafeString` marks this value as markup' }],
    },
    {
      code: "app.get('/p', (req, res) => res.send(tpl({ bio: new hbs.handlebars.SafeString(req.body.bio) })));",
      errors: [{ line: 1, column: 49, endColumn: 92, message: 'marks request data as markup' }],
    },
  ],
}, 'helpers.js');

testRule(htmlEscapingDisabled, {
  valid: [
    'angular.module(\'m\').config(($sceProvider) => { $sceProvider.enabled(true); });',
    "$sceDelegateProvider.resourceUrlWhitelist(['self', 'https://cdn.example.com/**']);",
    "$sceDelegateProvider.trustedResourceUrlList(['self', 'http://example.com/ooo']);",
    'Sqrl.autoEscaping(true);',
    'Mustache.escape = (t) => t.replace(/</g, "&lt;");',
    'lodash.escape = (t) => t;',
    'const escape = (t) => t;',
    'settings.escapeMarkup = true;',
    'if (x.escape == y) run();',
    'const opts = { escapeHtml: false };',
  ],
  invalid: [
    {
      code: 'angular.module(\'m\').config(function ($sceProvider) {\n  $sceProvider.enabled(false);\n});',
      errors: [{ line: 2, column: 3, endColumn: 30, message: 'Strict Contextual Escaping is switched off' }],
      output: 'angular.module(\'m\').config(function ($sceProvider) {\n  $sceProvider.enabled(true);\n});',
    },
    {
      code: "$sceDelegateProvider.resourceUrlWhitelist(['http://semgrep.dev', '**']);",
      errors: [{ line: 1, column: 66, endColumn: 70, message: "The resource URL pattern '**' has `**` in its host" }],
    },
    {
      code: "$sceDelegateProvider.trustedResourceUrlList(['https://**.example.com']);",
      errors: [{ line: 1, column: 46, message: 'has `**` in its host' }],
    },
    {
      code: 'Sqrl.autoEscaping(false)',
      errors: [{ line: 1, column: 1, endColumn: 25, message: "Squirrelly's auto-escaping is switched off" }],
      output: 'Sqrl.autoEscaping(true)',
    },
    {
      code: 'Mustache.escape = function(val) { return val; }',
      errors: [{ line: 1, column: 1, message: "Mustache's `escape` is replaced" }],
    },
    {
      code: 'function node() {\n  const template = require("mustache");\n  template.escape = (t) => { return t; }\n}',
      errors: [{ line: 3, column: 3, message: "Mustache's `escape` is replaced" }],
    },
    {
      code: "const mustache = require('mustache');\nmustache['escape'] = (t) => t;",
      errors: [{ line: 2, column: 1, message: "Mustache's `escape` is replaced" }],
    },
    {
      code: 'a.escapeMarkup = false;',
      errors: [{ line: 1, column: 1, endColumn: 23, message: '`escapeMarkup = false`' }],
      output: 'a.escapeMarkup = true;',
    },
    {
      code: "import ReactMarkdown from 'react-markdown';\nReact.createElement(ReactMarkdown, { escapeHtml: false, source });",
      errors: [{ line: 2, column: 38, message: '`escapeHtml: false`' }],
      output: "import ReactMarkdown from 'react-markdown';\nReact.createElement(ReactMarkdown, { escapeHtml: true, source });",
    },
  ],
}, 'app.js');

testRule(htmlEscapingDisabled, {
  valid: [
    'const a = <ReactMarkdown renderers={renderers} children={markdown} />;',
    'const a = <ReactMarkdown escapeHtml={true} children={markdown} />;',
    'const a = <ReactMarkdown allowDangerousHtml={false} children={markdown} />;',
  ],
  invalid: [
    {
      code: 'const a = <ReactMarkdown astPlugins={[parseHtml]} allowDangerousHtml children={markdown} />;',
      errors: [{ line: 1, column: 51, endColumn: 69, message: '`allowDangerousHtml` makes react-markdown' }],
    },
    {
      code: 'const a = <ReactMarkdown escapeHtml={false} children={markdown} />;',
      errors: [{ line: 1, column: 26, endColumn: 44, message: '`escapeHtml={false}`' }],
      output: 'const a = <ReactMarkdown escapeHtml={true} children={markdown} />;',
    },
  ],
}, 'view.jsx');
