import type { App } from '../../src/app.js';
import { type ImportReport, refusedReport } from '../../src/feeds/report.js';

/** What 1C gets back from one request: the text as 1C reads it, and the raw bytes. */
export interface OneCAnswer {
  status: number;
  headers: Headers;
  contentType: string | null;
  /** The body decoded as the charset its Content-Type names. */
  text: string;
  bytes: Uint8Array;
}

export interface OneCRequest {
  body?: Uint8Array;
  /** Extra query parameters, such as `filename`. */
  params?: Record<string, string>;
  /** Overrides the Authorization header 1C sends (its user name and the key). */
  authorization?: string | null;
}

/** A server 1C talks to: a test app, or another process of the same deployment. */
export interface Server {
  app: Pick<App, 'yoga'>;
}

/**
 * 1C's side of the site exchange, as its exchange dialog drives it: HTTP Basic with the key as
 * the password on `checkauth`, then the session cookie and `sessid` it was given.
 */
export function createOneC(server: Server, key: string) {
  let target = server;
  let cookie: string | null = null;
  let sessid: string | null = null;

  async function call(type: string, mode: string, request: OneCRequest = {}): Promise<OneCAnswer> {
    const query = new URLSearchParams({ type, mode, ...request.params });
    if (sessid && mode !== 'checkauth') query.set('sessid', sessid);
    const basic = `Basic ${Buffer.from(`1c-exchange:${key}`).toString('base64')}`;
    const authorization = request.authorization === undefined ? basic : request.authorization;
    const headers: Record<string, string> = {};
    if (authorization) headers.authorization = authorization;
    if (cookie && mode !== 'checkauth') headers.cookie = cookie;
    const response = await target.app.yoga.fetch(`http://localhost/exchange/1c?${query}`, {
      method: request.body ? 'POST' : 'GET',
      headers,
      ...(request.body ? { body: new Uint8Array(request.body) } : {}),
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const contentType = response.headers.get('content-type');
    const charset = /charset=([\w-]+)/.exec(contentType ?? '')?.[1] ?? 'utf-8';

    return {
      status: response.status,
      headers: response.headers,
      contentType,
      text: new TextDecoder(charset).decode(bytes),
      bytes,
    };
  }

  return {
    call,

    /** `checkauth`, keeping the cookie and `sessid` of a `success` for what follows. */
    async checkAuth(type = 'catalog', request: OneCRequest = {}) {
      const answer = await call(type, 'checkauth', request);
      const [status, name, value, sessidLine] = answer.text.split('\n');
      if (status === 'success') {
        cookie = `${name}=${value}`;
        sessid = sessidLine!.replace(/^sessid=/, '');
      }
      return answer;
    },

    /** Uploads a file in chunks of at most `chunkSize` bytes, as 1C splits it by file_limit. */
    async upload(filename: string, data: Uint8Array, chunkSize: number) {
      const answers: string[] = [];
      for (let start = 0; start < data.length; start += chunkSize) {
        const body = data.subarray(start, start + chunkSize);
        answers.push((await call('catalog', 'file', { params: { filename }, body })).text);
      }
      return answers;
    },

    /** Sends the next requests to another server process, in the same session. */
    switchTo(other: Server) {
      target = other;
    },

    get sessid() {
      return sessid;
    },
  };
}

export type OneC = ReturnType<typeof createOneC>;

/** An importer's report: nothing done, but what the test says. */
export const importReport = (counts: Partial<ImportReport> = {}): ImportReport => ({
  ...refusedReport([]),
  ...counts,
});
