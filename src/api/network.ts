// Failures below HTTP: no connection, no address, a certificate that does not verify. They are
// named as such (never "HTTP 500"), and the ones that waiting cannot fix are not retried.

export interface NetworkFailure {
  /** the Node or undici error code, e.g. ECONNREFUSED */
  code: string;
  /** what happened, in words */
  what: string;
  /** whether trying again soon can succeed (a reset or a timeout can; a refusal cannot) */
  retryable: boolean;
}

const NOT_RETRYABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'host name could not be resolved (DNS)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ERR_INVALID_URL: 'invalid URL',
};
const RETRYABLE: Record<string, string> = {
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed while sending',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no answer in time',
  UND_ERR_BODY_TIMEOUT: 'the answer stalled',
};
// Certificate problems (Node's OpenSSL codes): retrying cannot help, and the fix is on this machine
// (NODE_EXTRA_CA_CERTS for a private CA) or at the URL.
const CERT = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID|ERR_SSL_)/;

/** The network failure somewhere in `e`'s cause chain (fetch wraps it), or undefined for anything else. */
export function networkFailure(e: unknown): NetworkFailure | undefined {
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && cur !== null && typeof cur === 'object'; depth++) {
    const err = cur as { code?: unknown; name?: unknown; cause?: unknown };
    if (err.name === 'TimeoutError') return { code: 'TIMEOUT', what: 'no answer in time', retryable: true };
    if (typeof err.code === 'string') {
      const code = err.code;
      if (code in NOT_RETRYABLE) return { code, what: NOT_RETRYABLE[code] as string, retryable: false };
      if (code in RETRYABLE) return { code, what: RETRYABLE[code] as string, retryable: true };
      if (CERT.test(code)) return { code, what: 'TLS certificate not accepted', retryable: false };
    }
    cur = err.cause;
  }
  return undefined;
}

/** The host of `url` (or the URL itself when it does not parse), for messages. */
export function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : url;
}

/** The hint for a network failure reaching `host` through the base URL variable `envVar`. */
export function networkHint(f: NetworkFailure, envVar: string): string {
  if (CERT.test(f.code)) return `The certificate of the server did not verify. For a private CA set NODE_EXTRA_CA_CERTS=/path/ca.pem; otherwise check ${envVar}.`;
  if (f.retryable) return 'The network failed while talking to the service (tried again); run the command again later (it resumes where it stopped).';
  return `Check the network (and proxy) and ${envVar}; this cannot succeed by waiting, so it was not retried.`;
}
