// A private npm registry for the package tests: Verdaccio in this process on 127.0.0.1, a random
// port, storage in a temporary directory, no uplinks (a package it does not hold is a 404, never a
// fetch from the public registry), one user made through the registry API to publish with.
// The npm commands run with a clean environment of their own: a temporary HOME and cache, this
// registry, and a proxy that refuses, so anything that tries another host fails.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { runServer } from 'verdaccio';

export interface LocalRegistry {
  url: string;
  /** an npm token of a user who may publish */
  token: string;
  close(): Promise<void>;
}

/** Verdaccio with its files in a new directory under parent. */
export async function startRegistry(parent: string): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(parent, 'registry-'));
  const config = {
    self_path: join(dir, 'config.yaml'),
    storage: join(dir, 'storage'),
    auth: { htpasswd: { file: join(dir, 'htpasswd'), algorithm: 'sha1' } },
    uplinks: {},
    packages: { '**': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' } },
    web: { enable: false },
    // Verdaccio's audit middleware forwards to registry.npmjs.org; the commands run with audit off.
    middlewares: { audit: { enabled: false } },
    log: { type: 'stdout', format: 'pretty', level: 'fatal' },
  };
  const server = (await runServer(config as never)) as Server;
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  try {
    const res = await fetch(new URL('-/user/org.couchdb.user:tester', url), {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'tester', password: 'tester-password', type: 'user', roles: [] }),
    });
    const body = (await res.json()) as { token?: string };
    if (res.status !== 201 || !body.token) throw new Error(`Verdaccio refused the test user: HTTP ${res.status} ${JSON.stringify(body)}`);
    return { url, token: body.token, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * The environment of an npm user with nothing installed or cached, HOME a new directory under parent:
 * nothing of this process's environment passes but PATH.
 */
export function npmUserEnv(registry: string, parent: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(parent, 'user-'));
  mkdirSync(join(home, 'tmp'));
  const env: NodeJS.ProcessEnv = {
    // this Node first, so npm, npx and the bins' `#!/usr/bin/env node` run on it (Node 24 in .ci/run)
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
    HOME: home, TMPDIR: join(home, 'tmp'), LANG: 'C.UTF-8',
    GIT_CONFIG_NOSYSTEM: '1',
    npm_config_registry: registry,
    npm_config_cache: join(home, 'npm-cache'),
    npm_config_userconfig: join(home, '.npmrc'),
    npm_config_globalconfig: join(home, 'global-npmrc'),
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    // any host but this one goes through a proxy that is not there
    npm_config_proxy: 'http://127.0.0.1:9/', npm_config_https_proxy: 'http://127.0.0.1:9/', npm_config_noproxy: '127.0.0.1',
    ...extra,
  };
  writeFileSync(env.npm_config_globalconfig as string, '');
  return env;
}

export interface Run { status: number | null; stdout: string; stderr: string }

/** Runs a command without blocking this process (Verdaccio answers from its event loop). */
export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
