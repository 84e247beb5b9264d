// The git side of the service double: smart HTTP through `git http-backend`, as GitHub serves
// clones and pushes, behind Basic auth with the token as password.
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** git smart HTTP through `git http-backend` for the repositories under `gitRoot`, behind Basic auth with `token` as password. */
export function gitHttp(req: IncomingMessage, res: ServerResponse, body: Buffer, pathInfo: string, gitRoot: string, token: string): void {
  const auth = req.headers.authorization ?? '';
  const [user, pass] = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString().split(':') : [];
  if (pass !== token || !user) return void res.writeHead(401, { 'www-authenticate': 'Basic realm="GitHub"' }).end();
  const [path, query = ''] = pathInfo.split('?') as [string, string?];
  const child = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH, GIT_PROJECT_ROOT: gitRoot, GIT_HTTP_EXPORT_ALL: '1', PATH_INFO: path, QUERY_STRING: query,
      REQUEST_METHOD: req.method, CONTENT_TYPE: req.headers['content-type'] ?? '', CONTENT_LENGTH: String(body.length),
      HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '', REMOTE_USER: user, REMOTE_ADDR: '127.0.0.1', GIT_CONFIG_NOSYSTEM: '1',
    },
  });
  const out: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.on('close', () => {
    const all = Buffer.concat(out);
    const split = all.indexOf('\r\n\r\n');
    const head = all.subarray(0, split).toString().split('\r\n');
    const headers: Record<string, string> = {};
    let status = 200;
    for (const line of head) {
      const i = line.indexOf(':');
      const k = line.slice(0, i).trim();
      const v = line.slice(i + 1).trim();
      if (k.toLowerCase() === 'status') status = Number.parseInt(v, 10);
      else headers[k] = v;
    }
    res.writeHead(status, headers).end(all.subarray(split + 4));
  });
  // git may answer (and exit) before reading a body it does not need: that is no error
  child.stdin.on('error', () => {});
  child.stdin.end(body);
}
