import iconv from 'iconv-lite';

/*
 * The plain-text answers of 1C's site exchange: a first line that says what happened
 * (`success`, `failure` or `progress`), then lines for 1C to show or keep. They go out in
 * windows-1251 with the charset named, as Bitrix, the engine 1C's exchange was made against,
 * answers: 1C keeps an answer as a file and reads text without a byte order mark as
 * windows-1251, so a Cyrillic reason in UTF-8 would reach the user garbled. A failure is
 * HTTP 200 too, as there: 1C shows the reason of a 200 `failure`, and of any other status
 * only the code.
 */

/** An exchange answer before it is encoded. */
export interface Answer {
  lines: string[];
  /** 200 for everything 1C is meant to read; 401 asks for credentials, 500 is the unexpected. */
  status?: number;
  headers?: Record<string, string>;
}

/** The work is done; the lines after `success` are for 1C's log. */
export const success = (...lines: string[]): Answer => ({ lines: ['success', ...lines] });

/** The work was refused or failed, and why, in one line 1C shows. */
export const failure = (reason: string): Answer => ({ lines: ['failure', oneLine(reason)] });

/** The work goes on: 1C asks the same again. */
export const progress = (message: string): Answer => ({ lines: ['progress', oneLine(message)] });

/** A reason 1C can show: later lines of an answer mean something else to it. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, '; ');
}

/** The HTTP response of an answer, in windows-1251. */
export function toResponse(answer: Answer): Response {
  return new Response(new Uint8Array(iconv.encode(answer.lines.join('\n'), 'win1251')), {
    status: answer.status ?? 200,
    headers: {
      'content-type': 'text/plain; charset=windows-1251',
      'cache-control': 'no-store',
      ...answer.headers,
    },
  });
}
