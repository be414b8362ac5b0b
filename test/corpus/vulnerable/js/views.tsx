// React and Angular views. Labels: `ruleid:`.
import * as React from 'react';
import DOMPurify from 'dompurify';

export const Bio = ({ bio }: { bio: string }) => (
  // ruleid: react-dangerous-html
  <div dangerouslySetInnerHTML={{ __html: bio }} />
);

export const Title = (props: { name: string }) => (
  // ruleid: react-dangerous-html
  <h1 dangerouslySetInnerHTML={{ __html: `<b>${props.name}</b>` }} />
);

export const Raw = ({ html }: { html: { __html: string } }) => (
  // ruleid: react-dangerous-html
  <section dangerouslySetInnerHTML={html} />
);

export const Safe = ({ bio }: { bio: string }) => <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(bio) }} />;

export class CommentComponent {
  html: unknown;
  url: unknown;
  style: unknown;
  constructor(private sanitizer: { bypassSecurityTrustHtml(v: string): unknown; bypassSecurityTrustResourceUrl(v: string): unknown; bypassSecurityTrustStyle(v: string): unknown }) {}
  show(comment: { body: string; video: string; color: string }) {
    // ruleid: angular-bypass-sanitizer
    this.html = this.sanitizer.bypassSecurityTrustHtml(comment.body);
    // ruleid: angular-bypass-sanitizer
    this.url = this.sanitizer.bypassSecurityTrustResourceUrl(`https://video.acme.io/embed/${comment.video}`);
    // ruleid: angular-bypass-sanitizer
    this.style = this.sanitizer.bypassSecurityTrustStyle('color: ' + comment.color);
  }
}

export function outer(el: HTMLElement, title: string) {
  // ruleid: dom-xss-sink
  el.outerHTML = `<h2>${title}</h2>`;
}
