import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { WORKSPACE_ROOT } from '../support/paths';

const K8S = join(WORKSPACE_ROOT, 'deploy', 'k8s');
const read = (file: string) =>
  parseAllDocuments(readFileSync(join(K8S, file), 'utf8')).map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
    return document.toJS();
  });

describe('deployment files', () => {
  it('has a Deployment of two replicas probing /health for liveness and /ready for readiness', () => {
    const [deployment] = read('deployment.yaml');
    expect(deployment).toMatchObject({ kind: 'Deployment', spec: { replicas: 2 } });
    const pod = deployment.spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(15);
    const [container] = pod.containers;
    expect(container.livenessProbe.httpGet.path).toBe('/health');
    expect(container.readinessProbe.httpGet.path).toBe('/ready');
    expect(container.resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'pneumatic-config' } }, { secretRef: { name: 'pneumatic-secrets' } }]);
  });

  it('has a Service, a ConfigMap, an example Secret and an Ingress that parse', () => {
    expect(read('service.yaml')[0]).toMatchObject({ kind: 'Service' });
    expect(read('configmap.yaml')[0]).toMatchObject({ kind: 'ConfigMap', data: { NODE_ENV: 'production', STORAGE_DRIVER: 's3' } });
    expect(read('secret.example.yaml')[0]).toMatchObject({ kind: 'Secret', stringData: { SECRET_KEY: expect.any(String) } });
    expect(read('ingress.yaml')[0].metadata.annotations).toMatchObject({ 'nginx.ingress.kubernetes.io/proxy-read-timeout': '75' });
  });

  const compose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
  (compose ? it : it.skip)(
    `is accepted by docker-compose config${compose ? '' : ' (skipped: docker-compose is not installed; .ci/run installs it)'}`,
    () => {
      const output = execFileSync('docker-compose', ['-f', join(WORKSPACE_ROOT, 'docker-compose.yml'), 'config'], {
        cwd: WORKSPACE_ROOT,
        encoding: 'utf8',
        env: { PATH: process.env['PATH'] ?? '' },
      });
      const config = parseAllDocuments(output)[0].toJS();
      expect(Object.keys(config.services).sort()).toEqual(['api-1', 'api-2', 'minio', 'nginx', 'postgres', 'redis']);
      expect(config.services['api-1'].environment).toMatchObject({ REDIS_URL: 'redis://redis:6379', TRUST_PROXY: 'true' });
      // Both replicas keep files in one S3-compatible bucket.
      expect(config.services['api-2'].environment).toMatchObject({ STORAGE_DRIVER: 's3', S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'true' });
    },
  );
});
