import { randomBytes } from 'node:crypto';
import { parseCookie } from 'cookie';
import type { Authenticator } from '../auth/authenticate.js';
import { hashApiKey } from '../auth/keys.js';
import type { ExchangeStore } from './store.js';
import type { ExchangeSessionRow } from './tables.js';
import { type Answer, failure, success } from './answers.js';

/** The cookie that carries an exchange session from `checkauth` to the requests after it. */
export const SESSION_COOKIE = 'INTERDIST_EXCHANGE';

/** The password of HTTP Basic authentication (the user name is anything), or null. */
export function basicPassword(header: string | null): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const credentials = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = credentials.indexOf(':');

  return colon === -1 ? null : credentials.slice(colon + 1);
}

/** What sessions are opened and found with. */
export interface SessionDeps {
  store: ExchangeStore;
  authenticator: Authenticator;
  /** How long a session lasts after its `checkauth`. */
  sessionTtlMs: number;
  /** Sessions a distributor keeps at once; a new one ends the oldest past these. */
  sessionsPerDistributor: number;
}

/**
 * `checkauth`: the distributor's API key as the Basic password opens a session. The answer is
 * `success`, the cookie's name and value, and the `sessid` 1C repeats in later query strings.
 */
export async function checkAuth(deps: SessionDeps, request: Request, now: Date): Promise<Answer> {
  const key = basicPassword(request.headers.get('authorization'));
  if (!key) {
    // A client that sends credentials only when challenged gets the challenge; a wrong key
    // below is a 200 failure, whose reason 1C shows.
    return {
      ...failure('Send your distributor API key as the password of HTTP Basic authentication'),
      status: 401,
      headers: { 'www-authenticate': 'Basic realm="Interdist 1C exchange", charset="UTF-8"' },
    };
  }
  const viewer = await deps.authenticator.authenticate(key);
  if (!viewer) return failure('The API key is unknown or revoked');
  if (viewer.role !== 'DISTRIBUTOR') {
    return failure('The API key is not a distributor key: only distributors exchange with 1C');
  }

  await deps.store.deleteExpiredSessions(now);
  const token = randomBytes(32).toString('base64url');
  const session = await deps.store.insertSession({
    tokenHash: hashApiKey(token),
    sessid: randomBytes(16).toString('hex'),
    distributorId: viewer.organizationId,
    apiKeyId: viewer.apiKeyId,
    expiresAt: new Date(now.getTime() + deps.sessionTtlMs),
  });
  await deps.store.deleteSessionsBeyond(viewer.organizationId, deps.sessionsPerDistributor);

  return success(SESSION_COOKIE, token, `sessid=${session.sessid}`);
}

/**
 * The session a request after `checkauth` belongs to, by its cookie; or the failure to answer
 * when it has none, it expired, its key was revoked, or its `sessid` is another session's.
 */
export async function sessionOf(
  deps: SessionDeps,
  request: Request,
  url: URL,
  now: Date,
): Promise<ExchangeSessionRow | Answer> {
  const token = parseCookie(request.headers.get('cookie') ?? '')[SESSION_COOKIE];
  const session = token ? await deps.store.findLiveSession(hashApiKey(token), now) : null;
  if (!session) {
    return failure('No exchange session: it expired or never began; start again with checkauth');
  }
  const sessid = url.searchParams.get('sessid');
  if (sessid !== null && sessid !== session.sessid) {
    return failure('The sessid does not belong to this exchange session');
  }

  return session;
}

/** Whether `sessionOf` answered a failure instead of finding a session. */
export function isAnswer(value: ExchangeSessionRow | Answer): value is Answer {
  return 'lines' in value;
}
