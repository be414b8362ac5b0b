/**
 * The commented starter ruleset written by `warden init` and the command "Warden: Create team ruleset".
 * It is valid as written (a test loads it) and every optional part is shown commented out.
 */
export const STARTER_RULESET = `# Warden team ruleset: the same rules, suppression policy and lessons for everyone on this project.
# The editor and \`warden scan\` in CI both read this file. Check it with \`warden verify\`;
# list the effective rules with \`warden rules\`. Schema: schemas/ruleset.schema.json in the extension.

# Built-in presets (warden:recommended or warden:strict), files relative to this one, or https URLs
# pinned with #sha256-<base64> (fetched only in a trusted workspace, then cached for offline use).
extends:
  - warden:recommended

# Per rule: off | info | warning | error, or { severity, options, paths: { include, exclude } }.
rules:
  weak-hash: error
  # plaintext-http-url: { severity: warning, paths: { exclude: ["test/**"] } }

# Rules nobody can switch off or downgrade in their own settings.
required:
  - aws-access-key-id
  - private-key

# Where your own lessons live. A finding links to the page for its rule, else its CWE, else
# baseUrl + rule id, else the lesson bundled with Warden.
# training:
#   baseUrl: https://learn.example.com/secure-coding/
#   rules: { aws-access-key-id: "https://learn.example.com/secure-coding/aws-keys" }
#   cwe: { CWE-798: "https://learn.example.com/secure-coding/secrets" }

# Your own text rules. Patterns run on RE2 (no back-references or look-around), and each rule's
# examples are checked every time the ruleset loads.
# customRules:
#   - id: acme-internal-host
#     message: Internal hostnames must come from configuration.
#     severity: warning
#     pattern: '\\b[a-z0-9-]+\\.internal\\b'
#     keywords: [".internal"]            # the pattern runs only on files containing one
#     languages: [javascript, typescript, python]
#     examples: { match: ["host: 'db.internal'"], noMatch: ["host: process.env.DB_HOST"] }

# Files Warden never analyses.
ignorePaths:
  - "**/fixtures/**"

# Tests, examples and docs: real token formats are reported there as everywhere; other findings are
# shown as info (lower), left out (hide) or reported as in production code (report).
testsAndDocs:
  findings: lower
#   paths: ["qa/**"]                     # more files to treat as tests

# What \`warden-ignore <rule-id> -- <reason> until YYYY-MM-DD\` comments may do.
suppressions:
  maxDays: 90
  forbid:
    - private-key

# The oldest Warden that understands this file.
minVersion: 0.1.0
`;
