import type { request as httpsRequest } from 'node:https';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  /** Extra trusted CA certificates (PEM), for a team's own server or tests. */
  ca?: string;
}

/** Fetches a URL's body; throws with a short reason. */
export type FetchText = (url: string, limits: FetchLimits) => Promise<Buffer>;

const MAX_REDIRECTS = 3;

/**
 * GET over https only: no other scheme, redirects only to https (at most three), a size cap and
 * one deadline for the whole exchange.
 */
export const fetchHttps: FetchText = (url, limits) => {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => finish(new Error(`no answer within ${limits.timeoutMs / 1000} s`)), limits.timeoutMs);
    let done = false;
    let abort: (() => void) | undefined;
    const finish = (error: Error | undefined, body?: Buffer) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      abort?.();
      if (error) reject(error);
      else resolve(body!);
    };
    const get = (target: string, redirects: number) => {
      let parsed: URL;
      try {
        parsed = new URL(target);
      } catch {
        return finish(new Error(`"${target}" is not a URL`));
      }
      if (parsed.protocol !== 'https:') return finish(new Error(`refused ${parsed.protocol} (only https is allowed)`));
      // `https` (and TLS under it) is loaded with the first remote ruleset, not when the server starts.
      const { request } = require('node:https') as { request: typeof httpsRequest };
      const req = request(parsed, { method: 'GET', ca: limits.ca, headers: { accept: 'application/yaml, application/json, text/plain' } }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          if (redirects >= MAX_REDIRECTS) return finish(new Error('too many redirects'));
          return get(new URL(res.headers.location, parsed).toString(), redirects + 1);
        }
        if (status !== 200) {
          res.resume();
          return finish(new Error(`HTTP ${status}`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBytes) return finish(new Error(`larger than ${limits.maxBytes / 1024} KB`));
          chunks.push(chunk);
        });
        res.on('end', () => finish(undefined, Buffer.concat(chunks)));
        res.on('error', (e) => finish(e));
      });
      abort = () => req.destroy();
      req.on('error', (e: NodeJS.ErrnoException) => finish(new Error(e.code ?? e.message)));
      req.end();
    };
    get(url, 0);
  });
};
