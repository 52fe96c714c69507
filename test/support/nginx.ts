import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Whether Debian's nginx is installed (`.ci/run` installs it). */
export const nginxInstalled = spawnSync('nginx', ['-v'], { stdio: 'ignore' }).status === 0;

/** The shipped configuration's instances, in deploy/nginx/vitalis-upstreams.conf. */
const SHIPPED_INSTANCES = ['127.0.0.1:3001', '127.0.0.1:3002', '127.0.0.1:3003'];

export interface Nginx {
  base: string;
  /** The upstreams file this nginx reads (deploy/rolling-restart.sh edits it). */
  upstreams: string;
  /** The reload command, as deploy/rolling-restart.sh runs it. */
  reloadCommand: string;
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
    'listen 80;',
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
  const child: ChildProcess = spawn('nginx', [...args, '-g', 'daemon off;'], { stdio: 'ignore' });
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
    reloadCommand: `nginx ${args.join(' ')} -s reload`,
    async stop() {
      child.kill('SIGQUIT');
      await new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done)));
    },
  };
}
