/**
 * Text from a ruleset (custom rule titles, messages, descriptions) and training links end up in
 * Markdown hovers, which the Warden client renders with its own `command:` links trusted. Nothing a
 * workspace wrote may become a link, an image or a command: text is escaped, links are checked.
 * Pure and dependency-free, so the client can import it too.
 */

/** Every character Markdown (CommonMark and VS Code's renderer) gives a meaning, backslash-escaped; HTML's `<`, `>` and `&` as entities. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

/**
 * The link if it is an https URL a person can read as one (WHATWG `URL`), else undefined: no
 * whitespace or control characters, no quotes, backslashes, angle brackets, square brackets or
 * parentheses anywhere in what was written (they end a Markdown link early or open another one), no
 * user name or password. Returns the parsed form, which is what gets rendered or opened.
 */
export function safeHttpsUrl(link: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (link.length > 2048 || /[\s\u0000-\u001f\u007f"'`<>()[\]\\{}|^]/.test(link)) return undefined;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.hostname === '' || url.username !== '' || url.password !== '') return undefined;
  return url.href;
}

/** Rule ids as Warden and rulesets write them: lower-case words joined by `-`. Nothing else names a lesson. */
export function isRuleIdShape(id: unknown): id is string {
  return typeof id === 'string' && id.length <= 100 && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id);
}
