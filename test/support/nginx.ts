import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Debian's nginx (`.ci/run` installs it), found even when /usr/sbin is not on PATH. */
const NGINX = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';

/** Whether nginx is installed. */
export const nginxInstalled = spawnSync(NGINX, ['-v'], { stdio: 'ignore' }).status === 0;

/** The shipped configuration's instances, in deploy/nginx/vitalis-upstreams.conf. */
const SHIPPED_INSTANCES = ['127.0.0.1:3001', '127.0.0.1:3002', '127.0.0.1:3003'];

export interface Nginx {
  base: string;
  /** The upstreams file this nginx reads (deploy/rolling-restart.sh edits it). */
  upstreams: string;
  /** The reload command, as deploy/rolling-restart.sh runs it. */
  reloadCommand: string;
  /** The configuration check, as deploy/rolling-restart.sh runs it. */
  testCommand: string;
  stop(): Promise<void>;
}

/**
 * nginx in the foreground from `dir`, with deploy/nginx's two files as shipped but for the listening port and the
 * instances' addresses (the shipped 3001..3003 become `instances`).
 */
export async function startNginx(dir: string, port: number, instances: string[]): Promise<Nginx> {
  mkdirSync(join(dir, 'temp'), { recursive: true });
  let upstreams = readFileSync(resolve('deploy/nginx/vitalis-upstreams.conf'), 'utf8');
  SHIPPED_INSTANCES.forEach(
    (shipped, i) => (upstreams = upstreams.replaceAll(`${shipped} `, `${instances[i]} `)),
  );
  writeFileSync(join(dir, 'vitalis-upstreams.conf'), upstreams);
  const site = readFileSync(resolve('deploy/nginx/vitalis.conf'), 'utf8').replace(
    /listen 80\b[^;]*;/,
    `listen 127.0.0.1:${port};`,
  );
  writeFileSync(join(dir, 'vitalis.conf'), site);
  const temp = join(dir, 'temp');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  # Which instances answered a request, in order (more than one when nginx resent it).
  add_header X-Upstream $upstream_addr always;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
  include ${join(dir, 'vitalis-upstreams.conf')};
  include ${join(dir, 'vitalis.conf')};
}
`,
  );
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf')];
  const child: ChildProcess = spawn(NGINX, [...args, '-g', 'daemon off;'], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    const up = await fetch(`${base}/health`).then(
      () => true,
      () => false,
    );
    if (up) {
      break;
    }
    if (tries > 100 || child.exitCode !== null) {
      throw new Error(`nginx did not start: ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
    }
    await sleep(100);
  }
  return {
    base,
    upstreams: join(dir, 'vitalis-upstreams.conf'),
    reloadCommand: `${NGINX} ${args.join(' ')} -s reload`,
    testCommand: `${NGINX} ${args.join(' ')} -t -q`,
    async stop() {
      child.kill('SIGQUIT');
      await new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done)));
    },
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/**
 * A request to `url` from the loopback address `from` (all of 127.0.0.0/8 is this machine's own), so a test can be
 * several clients as nginx sees them. `body` is sent as JSON.
 */
export function requestFrom(
  from: string,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      {
        method: options.method ?? 'GET',
        localAddress: from,
        agent: false,
        headers: {
          ...options.headers,
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          const json = (response.headers['content-type'] ?? '').startsWith('application/json');
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: json ? JSON.parse(text) : text,
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}
