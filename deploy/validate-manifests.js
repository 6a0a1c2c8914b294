#!/usr/bin/env node
// Offline checks of rendered Kubernetes manifests (called by deploy/validate.sh, which renders
// each overlay with `kubectl kustomize`). Usage: node validate-manifests.js OVERLAY RENDERED.yaml
//
//  1. No placeholder left: a service (base/service) and its database
//     (components/cnpg-databases/database) are defined once for all three, with AREA standing
//     for the service's area, which kustomize replacements fill in; a field that no replacement
//     targets would render AREA.
//  2. Schema: every object is validated against the Kubernetes 1.27 OpenAPI schemas shipped in
//     kubernetes-models 4.x, CloudNativePG Clusters against @kubernetes-models/cloudnative-pg.
//     An apiVersion/kind with no model is an error, not a skip.
//  3. House rules on every Deployment: non-root, read-only root filesystem with /tmp from an
//     emptyDir, no privilege escalation, all capabilities dropped, seccomp, requests and limits,
//     gRPC startup/readiness/liveness probes on the plaintext port, its own ServiceAccount without
//     a token, a Service, a PodDisruptionBudget and a HorizontalPodAutoscaler, secrets only
//     through secretKeyRef or read-only Secret volumes of the Secrets an administrator creates,
//     and every configured path into such a volume names one of that Secret's keys.
//     TLS on: the tls profile, the TLS port, the certificate files of the corridorwatch-tls mount,
//     plaintext kept for the probes; the Service exposes the TLS port only, and every
//     reference-check client calls an allowed service on it.
//  4. No secret values: no Secret objects, no credential-looking keys in ConfigMaps or env values.
//  5. Network policies: a default deny exists, and evaluating all policies, the services can
//     reach each other exactly on the allowed paths, on the TLS port, the labelled namespaces
//     (ingress controller, Prometheus) every service on it, nobody else any service, no pod the
//     plaintext port, and each service its own database only.
//
// The models check types, formats and required fields; they do not reject unknown fields, so
// the rules in 3 assert the fields that matter by name.
'use strict';

const fs = require('fs');
const YAML = require('yaml');

const [overlay, file] = process.argv.slice(2);
if (!overlay || !file) {
  console.error('usage: validate-manifests.js OVERLAY RENDERED.yaml');
  process.exit(2);
}

const problems = [];
const problem = (obj, msg) => problems.push(`${overlay}: ${obj ? `${obj.kind}/${obj.metadata && obj.metadata.name}: ` : ''}${msg}`);

// The service-to-service calls the design allows (caller -> callee), and each service's database.
const SERVICES = ['incidents-service', 'investments-service', 'diplomacy-service'];
const ALLOWED_CALLS = new Set([
  'diplomacy-service->incidents-service',
  'diplomacy-service->investments-service',
  'incidents-service->investments-service',
]);
// The Secrets an administrator creates (README, Kubernetes), with their keys: the page-token key
// must be the same on every replica, so no generator may make one per pod or per apply; the token
// keys (corridorwatch-auth) and the TLS certificate (corridorwatch-tls, the shape cert-manager
// writes: type kubernetes.io/tls plus ca.crt) hold a private key, which nothing committed may hold.
const ADMINISTRATOR_SECRETS = {
  'corridorwatch-page-tokens': ['key'],
  'corridorwatch-auth': ['public-key.pem', 'service-signing-key.pem', 'service-public-key.pem'],
  'corridorwatch-tls': ['tls.crt', 'tls.key', 'ca.crt'],
};
// TLS (README, TLS and Kubernetes): the Services expose the TLS port only, and every call between
// pods uses it. The plaintext port stays in the container for the kubelet's gRPC probes alone
// (they cannot speak TLS, and come from the node, which NetworkPolicies do not govern).
const TLS_PORT = 8443;
const PROBE_PORT = 8080;
const CONTAINER_PORTS = { grpc: PROBE_PORT, 'grpc-tls': TLS_PORT };
const TLS_SECRET = 'corridorwatch-tls';
// The variables the tls profile reads (application.properties) and the key each must point at.
const TLS_FILES = { CORRIDORWATCH_TLS_CERT: 'tls.crt', CORRIDORWATCH_TLS_KEY: 'tls.key', CORRIDORWATCH_TLS_CA: 'ca.crt' };
const DATABASE_PORT = 5432;

// --- Parse -------------------------------------------------------------------------------------
const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'));
const objects = [];
for (const doc of docs) {
  if (doc.errors.length) {
    problems.push(`${overlay}: YAML error: ${doc.errors[0].message}`);
    continue;
  }
  const obj = doc.toJS();
  if (obj) objects.push(obj);
}
if (objects.length === 0) problems.push(`${overlay}: rendered nothing`);

// --- 1. Placeholders ---------------------------------------------------------------------------
function placeholders(value, path, obj) {
  if (typeof value === 'string') {
    if (/\bAREA\b/.test(value)) problem(obj, `${path} is '${value}': the placeholder AREA was not replaced (a replacement target is missing)`);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) placeholders(v, `${path}.${k}`, obj);
  }
}
for (const obj of objects) placeholders(obj, '', obj);

// --- 2. Schemas --------------------------------------------------------------------------------
function modelModule(apiVersion) {
  if (apiVersion === 'postgresql.cnpg.io/v1') return '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1';
  // Core group "v1" lives at kubernetes-models/v1, others at kubernetes-models/<group>/<version>.
  return `kubernetes-models/${apiVersion}`;
}
for (const obj of objects) {
  if (!obj.apiVersion || !obj.kind) {
    problem(obj, 'missing apiVersion or kind');
    continue;
  }
  let Model;
  try {
    Model = require(modelModule(obj.apiVersion))[obj.kind];
  } catch (e) {
    Model = undefined;
  }
  if (typeof Model !== 'function') {
    problem(obj, `no schema model for ${obj.apiVersion} ${obj.kind}`);
    continue;
  }
  try {
    new Model(obj).validate();
  } catch (e) {
    problem(obj, `schema: ${e.message}`);
  }
}

const byKind = (kind) => objects.filter((o) => o.kind === kind);
const named = (kind, name) => objects.find((o) => o.kind === kind && o.metadata && o.metadata.name === name);
const labelsMatch = (selector, labels) =>
  Object.entries(selector || {}).every(([k, v]) => (labels || {})[k] === v);

// The environment a container starts with, as far as these files set it: its envFrom ConfigMaps
// in order (a later one wins), then its env (which wins over envFrom); a value from a Secret is
// not known here (undefined).
function environment(c) {
  const env = {};
  for (const src of c.envFrom || []) {
    const cm = src.configMapRef && named('ConfigMap', src.configMapRef.name);
    for (const [k, v] of Object.entries((cm && cm.data) || {})) env[`${src.prefix || ''}${k}`] = v;
  }
  for (const e of c.env || []) env[e.name] = e.value;
  return env;
}
// The container's Secret mounts: where, which Secret, and the files it shows there (its keys, or
// the items the volume picks).
function secretMounts(pod, c) {
  const mounts = [];
  for (const m of c.volumeMounts || []) {
    const v = (pod.volumes || []).find((vol) => vol.name === m.name);
    if (!v || !v.secret) continue;
    const files = v.secret.items ? v.secret.items.map((i) => i.path) : (ADMINISTRATOR_SECRETS[v.secret.secretName] || []);
    mounts.push({ mount: m, volume: v, secret: v.secret.secretName, files });
  }
  return mounts;
}
const servicePorts = (svc) => (svc.spec && svc.spec.ports) || [];

// --- 3. Deployments ----------------------------------------------------------------------------
const deployments = byKind('Deployment');
for (const name of SERVICES) {
  if (!named('Deployment', name)) problem(null, `no Deployment ${name}`);
}
for (const d of deployments) {
  const name = d.metadata.name;
  const pod = (d.spec.template && d.spec.template.spec) || {};
  const podSc = pod.securityContext || {};
  const podLabels = (d.spec.template.metadata || {}).labels || {};

  if (pod.automountServiceAccountToken !== false) problem(d, 'pod must set automountServiceAccountToken: false');
  if (!pod.serviceAccountName || pod.serviceAccountName === 'default') {
    problem(d, 'must run under its own ServiceAccount');
  } else {
    const sa = named('ServiceAccount', pod.serviceAccountName);
    if (!sa) problem(d, `ServiceAccount ${pod.serviceAccountName} is not in the rendered output`);
    else if (sa.automountServiceAccountToken !== false) problem(sa, 'must set automountServiceAccountToken: false');
    const sharers = deployments.filter((o) => o.spec.template.spec.serviceAccountName === pod.serviceAccountName);
    if (sharers.length > 1) problem(d, `shares ServiceAccount ${pod.serviceAccountName} with another Deployment`);
  }
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) problem(d, 'must not use host namespaces');
  const seccompPod = podSc.seccompProfile && podSc.seccompProfile.type;

  const emptyDirs = new Set((pod.volumes || []).filter((v) => v.emptyDir).map((v) => v.name));
  const containers = [...(pod.initContainers || []), ...(pod.containers || [])];
  for (const c of containers) {
    const where = `container ${c.name}`;
    const sc = c.securityContext || {};
    const runAsNonRoot = sc.runAsNonRoot !== undefined ? sc.runAsNonRoot : podSc.runAsNonRoot;
    if (runAsNonRoot !== true) problem(d, `${where}: runAsNonRoot must be true`);
    const uid = sc.runAsUser !== undefined ? sc.runAsUser : podSc.runAsUser;
    if (uid === 0) problem(d, `${where}: runAsUser must not be 0`);
    if (sc.readOnlyRootFilesystem !== true) problem(d, `${where}: readOnlyRootFilesystem must be true`);
    if (sc.allowPrivilegeEscalation !== false) problem(d, `${where}: allowPrivilegeEscalation must be false`);
    if (sc.privileged === true) problem(d, `${where}: must not be privileged`);
    const drop = ((sc.capabilities || {}).drop || []).map(String);
    if (!drop.includes('ALL')) problem(d, `${where}: capabilities.drop must include ALL`);
    if (((sc.capabilities || {}).add || []).length) problem(d, `${where}: must not add capabilities`);
    const seccomp = (sc.seccompProfile && sc.seccompProfile.type) || seccompPod;
    if (!['RuntimeDefault', 'Localhost'].includes(seccomp)) problem(d, `${where}: seccompProfile must be RuntimeDefault or Localhost`);

    const tmp = (c.volumeMounts || []).find((m) => m.mountPath === '/tmp');
    if (!tmp || !emptyDirs.has(tmp.name)) problem(d, `${where}: /tmp must be an emptyDir mount (the root filesystem is read-only)`);

    const res = c.resources || {};
    for (const kind of ['requests', 'limits']) {
      for (const r of ['cpu', 'memory']) {
        if (!(res[kind] && res[kind][r] !== undefined)) problem(d, `${where}: resources.${kind}.${r} is missing`);
      }
    }

    if (!c.image || !/^ghcr\.io\/corridorwatch\/[a-z0-9-]+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$/.test(c.image)) {
      problem(d, `${where}: image ${c.image} must be ghcr.io/corridorwatch/<service> with a tag or digest`);
    } else if (/:latest$/.test(c.image)) {
      problem(d, `${where}: image must not use the latest tag`);
    }

    if ((pod.initContainers || []).includes(c)) continue;
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      const p = c[probe];
      if (!p || !p.grpc || p.grpc.port !== PROBE_PORT) problem(d, `${where}: ${probe} must be a gRPC probe on the plaintext port ${PROBE_PORT} (the kubelet's gRPC probe has no TLS)`);
    }
    const ports = (c.ports || []).map((p) => `${p.name}:${p.containerPort}`).sort().join(', ');
    const wantPorts = Object.entries(CONTAINER_PORTS).map(([n, p]) => `${n}:${p}`).sort().join(', ');
    if (ports !== wantPorts) problem(d, `${where}: ports are ${ports}, must be ${wantPorts} (plaintext for the probes, TLS for everything else)`);

    // Secret volumes: read-only, readable by no one but the service's user and group, and every
    // path the configuration gives into one names a file that is there.
    const env = environment(c);
    const mounts = secretMounts(pod, c);
    for (const { mount, volume, secret, files } of mounts) {
      if (mount.readOnly !== true) problem(d, `${where}: Secret ${secret} must be mounted readOnly`);
      if (mount.subPath !== undefined) problem(d, `${where}: Secret ${secret}: subPath mounts are not supported by this check (and miss updates)`);
      const mode = volume.secret.defaultMode;
      if (!Number.isInteger(mode) || (mode & 0o007) !== 0) problem(d, `volume ${volume.name}: defaultMode must be set and give others no access (0440)`);
      for (const [k, v] of Object.entries(env)) {
        if (typeof v !== 'string' || !v.startsWith(`${mount.mountPath}/`)) continue;
        const file = v.slice(mount.mountPath.length + 1);
        if (!files.includes(file)) problem(d, `${where}: ${k} is ${v}, but Secret ${secret} at ${mount.mountPath} has no key ${file} (it has ${files})`);
      }
    }

    // TLS on (README, TLS): the tls profile on top of prod, serving on the TLS port with the
    // certificate of the corridorwatch-tls mount; plaintext left enabled for the probes.
    const profiles = (env.QUARKUS_PROFILE || '').split(',');
    if (!(profiles.includes('prod') && profiles.includes('tls'))) problem(d, `${where}: QUARKUS_PROFILE is ${env.QUARKUS_PROFILE}, must be prod,tls`);
    if (env.QUARKUS_HTTP_SSL_PORT !== String(TLS_PORT)) problem(d, `${where}: QUARKUS_HTTP_SSL_PORT is ${env.QUARKUS_HTTP_SSL_PORT}, must be ${TLS_PORT}`);
    if (env.QUARKUS_HTTP_PORT !== String(PROBE_PORT)) problem(d, `${where}: QUARKUS_HTTP_PORT is ${env.QUARKUS_HTTP_PORT}, must be ${PROBE_PORT} (the probes' port)`);
    if (![undefined, 'enabled'].includes(env.QUARKUS_HTTP_INSECURE_REQUESTS)) {
      problem(d, `${where}: QUARKUS_HTTP_INSECURE_REQUESTS is ${env.QUARKUS_HTTP_INSECURE_REQUESTS}: the probes need plaintext on ${PROBE_PORT} (the NetworkPolicies keep pods off it)`);
    }
    const tls = mounts.find((m) => m.secret === TLS_SECRET);
    if (!tls) {
      problem(d, `${where}: must mount the Secret ${TLS_SECRET}`);
    } else {
      for (const [k, file] of Object.entries(TLS_FILES)) {
        const want = `${tls.mount.mountPath}/${file}`;
        if (env[k] !== want) problem(d, `${where}: ${k} is ${env[k]}, must be ${want} (key ${file} of ${TLS_SECRET})`);
      }
    }
    // Reference-check clients: over TLS, to a service this one may call, on its Service's port.
    for (const [k, v] of Object.entries(env)) {
      const client = /^QUARKUS_GRPC_CLIENTS_([A-Z0-9_]+)_PORT$/.exec(k);
      if (!client) continue;
      const host = env[`QUARKUS_GRPC_CLIENTS_${client[1]}_HOST`];
      const svc = host && named('Service', host);
      if (v !== String(TLS_PORT)) problem(d, `${where}: ${k} is ${v}, must be the TLS port ${TLS_PORT}`);
      if (!svc) problem(d, `${where}: QUARKUS_GRPC_CLIENTS_${client[1]}_HOST is ${host}, not a Service in the rendered output`);
      else if (!servicePorts(svc).some((p) => String(p.port) === v)) problem(d, `${where}: ${k} is ${v}, a port Service ${host} does not expose`);
      if (host && !ALLOWED_CALLS.has(`${name}->${host}`)) problem(d, `${where}: calls ${host}, which is not an allowed call (ALLOWED_CALLS)`);
    }
    for (const e of c.env || []) {
      if (/PASSWORD|SECRET|TOKEN|CREDENTIAL/i.test(e.name) && !(e.valueFrom && e.valueFrom.secretKeyRef)) {
        problem(d, `${where}: ${e.name} must come from a Secret (secretKeyRef), not a literal`);
      }
    }
  }

  // Companions: Service selecting the pods, PDB and HPA for this Deployment. The Service exposes
  // the TLS port only.
  const services = byKind('Service').filter((s) => s.spec.selector && labelsMatch(s.spec.selector, podLabels));
  if (!services.length) problem(d, 'no Service selects its pods');
  for (const svc of services) {
    const ports = servicePorts(svc).map((p) => `${p.name}:${p.port}->${p.targetPort}`);
    if (ports.join() !== `grpc-tls:${TLS_PORT}->grpc-tls`) problem(svc, `ports are ${ports.join(', ')}; must be only grpc-tls:${TLS_PORT}->grpc-tls (TLS)`);
  }
  if (!byKind('PodDisruptionBudget').some((p) => labelsMatch((p.spec.selector || {}).matchLabels, podLabels))) {
    problem(d, 'no PodDisruptionBudget selects its pods');
  }
  const hpa = byKind('HorizontalPodAutoscaler').find(
    (h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === name);
  if (!hpa) problem(d, 'no HorizontalPodAutoscaler targets it');
  if (hpa && d.spec.replicas !== undefined) problem(d, 'must not set replicas: its HorizontalPodAutoscaler owns them');

  // Secret volumes (the token keys, the TLS certificate) likewise: only Secrets an administrator
  // creates.
  for (const v of pod.volumes || []) {
    if (v.secret && !ADMINISTRATOR_SECRETS[v.secret.secretName]) {
      problem(d, `volume ${v.name}: Secret ${v.secret.secretName} is not one an administrator creates (ADMINISTRATOR_SECRETS)`);
    }
  }

  // Configuration references must resolve within the rendered output.
  for (const c of pod.containers || []) {
    for (const src of c.envFrom || []) {
      if (src.configMapRef && !named('ConfigMap', src.configMapRef.name)) {
        problem(d, `ConfigMap ${src.configMapRef.name} is not in the rendered output`);
      }
    }
    for (const e of c.env || []) {
      const ref = e.valueFrom && e.valueFrom.secretKeyRef;
      if (!ref) continue;
      // Secrets are created outside these files; each must be a CloudNativePG app secret
      // (<cluster>-app) of a Cluster in the output, so nobody has to create it by hand, or one of
      // the few an administrator creates, with the keys the README tells them to.
      const cluster = ref.name.endsWith('-app') && named('Cluster', ref.name.slice(0, -4));
      const administered = ADMINISTRATOR_SECRETS[ref.name];
      if (administered && !administered.includes(ref.key)) {
        problem(d, `Secret ${ref.name} has no key ${ref.key}; the README has administrators create ${administered}`);
      } else if (!cluster && !administered) {
        problem(d, `Secret ${ref.name} is neither rendered, nor the app secret of a CloudNativePG Cluster here, nor one`
          + ' an administrator creates (ADMINISTRATOR_SECRETS)');
      }
    }
  }
}

// --- CloudNativePG Clusters: the fields the services rely on -----------------------------------
for (const cl of byKind('Cluster')) {
  const spec = cl.spec || {};
  const initdb = (spec.bootstrap || {}).initdb || {};
  if (!(Number.isInteger(spec.instances) && spec.instances >= 1)) problem(cl, 'instances must be >= 1');
  if (!initdb.database || !initdb.owner) problem(cl, 'bootstrap.initdb must name the database and its owner');
  if (!(spec.storage && spec.storage.size)) problem(cl, 'storage.size is required');
  if (!/^[^:@]+(:[A-Za-z0-9._-]+)(@sha256:[0-9a-f]{64})?$/.test(spec.imageName || '') || /:latest/.test(spec.imageName)) {
    problem(cl, `imageName ${spec.imageName} must be pinned to an exact tag or digest`);
  }
}
if (overlay === 'prod') {
  for (const cl of byKind('Cluster')) {
    if (cl.spec.instances < 3) problem(cl, 'prod databases need at least 3 instances');
  }
}

// --- 4. No secret values -----------------------------------------------------------------------
for (const s of byKind('Secret')) problem(s, 'Secret objects must not be committed; reference Secrets created by the CloudNativePG operator or an administrator');
for (const cm of byKind('ConfigMap')) {
  for (const [key, value] of Object.entries(cm.data || {})) {
    // A *_LOCATION names where a key is (a mounted file, checked above, or a URL), not the key.
    const location = /_LOCATION$/.test(key) && /^(\/|https:\/\/)\S+$/.test(value);
    if (/PASSWORD|SECRET|TOKEN|CREDENTIAL/i.test(key) && !location) problem(cm, `${key} looks like a credential; use a Secret`);
  }
}

// --- 5. Network policies -----------------------------------------------------------------------
const policies = byKind('NetworkPolicy');
const nsObject = objects.find((o) => o.kind === 'Namespace') || { metadata: {} };
const namespace = nsObject.metadata.name;
if (!policies.some((p) => Object.keys(p.spec.podSelector || {}).length === 0
  && (p.spec.policyTypes || []).includes('Ingress') && (p.spec.policyTypes || []).includes('Egress')
  && !(p.spec.ingress || []).length && !(p.spec.egress || []).length)) {
  problems.push(`${overlay}: no default-deny NetworkPolicy (podSelector {}, Ingress and Egress, no rules)`);
}

// Only what these policies use is understood; anything else fails loudly rather than being
// evaluated wrongly.
function selects(selector, labels) {
  if (!selector) return true;
  if (selector.matchExpressions && selector.matchExpressions.length) throw new Error('matchExpressions not supported by this check');
  return labelsMatch(selector.matchLabels, labels);
}
// A pod is its labels and its namespace (name and labels). The overlay's namespace carries the
// label every namespace gets, kubernetes.io/metadata.name; the policies here govern its pods only.
const nsLabels = (name, labels) => ({ ...labels, 'kubernetes.io/metadata.name': name });
const HERE = { name: namespace, labels: nsLabels(namespace, nsObject.metadata.labels) };
const podIn = (ns, labels) => ({ ns, labels: labels || {} });
// Does a peer list admit this pod? A podSelector alone means pods of the policy's own namespace;
// with a namespaceSelector, pods of the namespaces it selects.
function peerAdmits(peers, pod) {
  if (peers === undefined) return true; // no from/to: everything
  return peers.some((peer) => {
    if (peer.ipBlock) throw new Error('ipBlock peers on these ports are not supported by this check');
    if (peer.namespaceSelector) return selects(peer.namespaceSelector, pod.ns.labels) && selects(peer.podSelector, pod.labels);
    return pod.ns === HERE && selects(peer.podSelector, pod.labels);
  });
}
function portAdmits(ports, port) {
  if (!ports || !ports.length) return true;
  return ports.some((p) => (p.protocol || 'TCP') === 'TCP' && (p.port === undefined || p.port === port));
}
function allowed(direction, pod, peer, port) {
  if (pod.ns !== HERE) return true; // another namespace's pods: its own policies, not these
  const type = direction === 'egress' ? 'Egress' : 'Ingress';
  const applying = policies.filter((p) => (p.spec.policyTypes || ['Ingress']).includes(type) && selects(p.spec.podSelector, pod.labels));
  if (!applying.length) return true; // not isolated in this direction
  return applying.some((p) => (p.spec[direction] || []).some(
    (rule) => portAdmits(rule.ports, port) && peerAdmits(direction === 'egress' ? rule.to : rule.from, peer)));
}
const canConnect = (from, to, port) => allowed('egress', from, to, port) && allowed('ingress', to, from, port);
const path = (from, to, port, open, want) => {
  if (open !== want) problems.push(`${overlay}: network path ${from} -> ${to}:${port} is ${open ? 'open but must be closed' : 'closed but must be open'}`);
};

try {
  const servicePods = Object.fromEntries(deployments.map((d) => [d.metadata.name, podIn(HERE, d.spec.template.metadata.labels)]));
  const databasePods = Object.fromEntries(byKind('Cluster').map((cl) => [cl.metadata.name,
    podIn(HERE, { 'cnpg.io/cluster': cl.metadata.name, 'cnpg.io/podRole': 'instance' })]));
  // Who might call a service: the services, their databases, any other pod of the namespace, a
  // pod in a namespace labelled for access (ingress controller, Prometheus), in the
  // CloudNativePG operator's, and in any other namespace.
  const other = (name, labels) => ({ name, labels: nsLabels(name, labels) });
  const ACCESS = 'a pod in a namespace labelled corridorwatch.org/access=true';
  const callers = {
    ...servicePods,
    ...databasePods,
    'another pod in the namespace': podIn(HERE, { 'app.kubernetes.io/name': 'debug' }),
    [ACCESS]: podIn(other('ingress-nginx', { 'corridorwatch.org/access': 'true' })),
    'a pod in cnpg-system': podIn(other('cnpg-system')),
    'a pod in another namespace': podIn(other('elsewhere')),
  };
  for (const svc of SERVICES) {
    if (!servicePods[svc]) continue;
    for (const [caller, pod] of Object.entries(callers)) {
      if (caller === svc) continue;
      // TLS: the allowed calls, and the labelled namespaces to every service; nothing else.
      const want = ALLOWED_CALLS.has(`${caller}->${svc}`) || caller === ACCESS;
      path(caller, svc, TLS_PORT, canConnect(pod, servicePods[svc], TLS_PORT), want);
      // Plaintext: the kubelet's probes only, which come from the node, not a pod.
      path(caller, svc, PROBE_PORT, canConnect(pod, servicePods[svc], PROBE_PORT), false);
    }
  }
  // Databases: each service reaches its own database (cluster named after the service's data)
  // and no other; the database pods are labelled cnpg.io/cluster=<cluster> by the operator.
  for (const [db, dbPod] of Object.entries(databasePods)) {
    const owner = `${db.replace(/-db$/, '')}-service`;
    for (const svc of SERVICES) {
      if (!servicePods[svc]) continue;
      path(svc, db, DATABASE_PORT, canConnect(servicePods[svc], dbPod, DATABASE_PORT), svc === owner);
    }
  }
} catch (e) {
  problems.push(`${overlay}: NetworkPolicy evaluation: ${e.message}`);
}

// Every namespaced object lands in the overlay's namespace.
for (const o of objects) {
  if (o.kind === 'Namespace') continue;
  if (namespace && o.metadata.namespace !== namespace) problem(o, `namespace ${o.metadata.namespace} is not the overlay's ${namespace}`);
}

if (problems.length) {
  for (const p of problems) console.error(`FAIL ${p}`);
  process.exit(1);
}
const kinds = {};
for (const o of objects) kinds[o.kind] = (kinds[o.kind] || 0) + 1;
console.log(`ok   ${overlay}: ${objects.length} objects valid (${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}); no placeholder left, security rules, TLS and network paths hold`);
