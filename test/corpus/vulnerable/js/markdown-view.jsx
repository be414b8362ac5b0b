import ReactMarkdown from 'react-markdown';

export function Comment({ body }) {
  // ruleid: html-escaping-disabled
  return <ReactMarkdown escapeHtml={false}>{body}</ReactMarkdown>;
}

export function Release({ notes }) {
  // ruleid: html-escaping-disabled
  return <ReactMarkdown allowDangerousHtml children={notes} />;
}

export function Safe({ text }) {
  return <ReactMarkdown children={text} />;
}
