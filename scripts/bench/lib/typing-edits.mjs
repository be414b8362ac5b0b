/**
 * The texts typing produces, shared by the typing benches (targets, editor-cpu, editor-alloc): a space
 * typed at the start of a line, then deleted again, at spread-out lines. One character per edit, and the
 * code stays what it was (deleting the first character of some other line would break the syntax after a
 * few edits, and every tool would then only measure how fast it gives up on a parse error).
 */
export function typingEdits(text, count) {
  const lines = text.split('\n');
  const out = [];
  let current = lines.slice();
  for (let v = 0; v < count; v++) {
    const line = (Math.floor(v / 2) * 37) % lines.length;
    current = current.slice();
    current[line] = v % 2 === 0 ? ` ${current[line]}` : current[line].slice(1);
    out.push({ line, insert: v % 2 === 0, text: current.join('\n') });
  }
  return out;
}
