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
//     gRPC startup/readiness/liveness probes, its own ServiceAccount without a token, a Service,
//     a PodDisruptionBudget and a HorizontalPodAutoscaler, secrets only through secretKeyRef.
//  4. No secret values: no Secret objects, no credential-looking keys in ConfigMaps or env values.
//  5. Network policies: a default deny exists, and evaluating all policies, the services can
//     reach each other exactly on the allowed paths, and each service its own database only.
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
// keys (corridorwatch-auth) are a private key, which nothing committed may hold.
const ADMINISTRATOR_SECRETS = {
  'corridorwatch-page-tokens': ['key'],
  'corridorwatch-auth': ['signing-key.pem', 'public-key.pem'],
};
const SERVICE_PORT = 8080;
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
      if (!p || !p.grpc || p.grpc.port !== SERVICE_PORT) problem(d, `${where}: ${probe} must be a gRPC probe on port ${SERVICE_PORT}`);
    }
    for (const e of c.env || []) {
      if (/PASSWORD|SECRET|TOKEN|CREDENTIAL/i.test(e.name) && !(e.valueFrom && e.valueFrom.secretKeyRef)) {
        problem(d, `${where}: ${e.name} must come from a Secret (secretKeyRef), not a literal`);
      }
    }
  }

  // Companions: Service selecting the pods, PDB and HPA for this Deployment.
  if (!byKind('Service').some((s) => s.spec.selector && labelsMatch(s.spec.selector, podLabels))) {
    problem(d, 'no Service selects its pods');
  }
  if (!byKind('PodDisruptionBudget').some((p) => labelsMatch((p.spec.selector || {}).matchLabels, podLabels))) {
    problem(d, 'no PodDisruptionBudget selects its pods');
  }
  const hpa = byKind('HorizontalPodAutoscaler').find(
    (h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === name);
  if (!hpa) problem(d, 'no HorizontalPodAutoscaler targets it');
  if (hpa && d.spec.replicas !== undefined) problem(d, 'must not set replicas: its HorizontalPodAutoscaler owns them');

  // Secret volumes (the token keys) likewise: only Secrets an administrator creates.
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
  for (const key of Object.keys(cm.data || {})) {
    if (/PASSWORD|SECRET|TOKEN|CREDENTIAL/i.test(key)) problem(cm, `${key} looks like a credential; use a Secret`);
  }
}

// --- 5. Network policies -----------------------------------------------------------------------
const policies = byKind('NetworkPolicy');
const namespace = (objects.find((o) => o.kind === 'Namespace') || { metadata: {} }).metadata.name;
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
// Does a peer list admit a pod of this namespace with these labels? (Peers with a
// namespaceSelector or ipBlock are treated as other namespaces / external addresses.)
function peerAdmits(peers, labels) {
  if (peers === undefined) return true; // no from/to: everything
  return peers.some((peer) => !peer.namespaceSelector && !peer.ipBlock && peer.podSelector && selects(peer.podSelector, labels));
}
function portAdmits(ports, port) {
  if (!ports || !ports.length) return true;
  return ports.some((p) => (p.protocol || 'TCP') === 'TCP' && (p.port === undefined || p.port === port));
}
function allowed(direction, pod, peer, port) {
  const type = direction === 'egress' ? 'Egress' : 'Ingress';
  const applying = policies.filter((p) => (p.spec.policyTypes || ['Ingress']).includes(type) && selects(p.spec.podSelector, pod));
  if (!applying.length) return true; // not isolated in this direction
  return applying.some((p) => (p.spec[direction] || []).some(
    (rule) => peerAdmits(direction === 'egress' ? rule.to : rule.from, peer) && portAdmits(rule.ports, port)));
}
const canConnect = (from, to, port) => allowed('egress', from, to, port) && allowed('ingress', to, from, port);

try {
  const podLabels = Object.fromEntries(deployments.map((d) => [d.metadata.name, d.spec.template.metadata.labels]));
  for (const a of SERVICES) {
    for (const b of SERVICES) {
      if (a === b || !podLabels[a] || !podLabels[b]) continue;
      const open = canConnect(podLabels[a], podLabels[b], SERVICE_PORT);
      const want = ALLOWED_CALLS.has(`${a}->${b}`);
      if (open !== want) problems.push(`${overlay}: network path ${a} -> ${b}:${SERVICE_PORT} is ${open ? 'open but must be closed' : 'closed but must be open'}`);
    }
  }
  // Databases: each service reaches its own database (cluster named after the service's data)
  // and no other; the database pods are labelled cnpg.io/cluster=<cluster> by the operator.
  for (const cl of byKind('Cluster')) {
    const dbLabels = { 'cnpg.io/cluster': cl.metadata.name, 'cnpg.io/podRole': 'instance' };
    const owner = `${cl.metadata.name.replace(/-db$/, '')}-service`;
    for (const svc of SERVICES) {
      if (!podLabels[svc]) continue;
      const open = canConnect(podLabels[svc], dbLabels, DATABASE_PORT);
      if (open !== (svc === owner)) problems.push(`${overlay}: network path ${svc} -> ${cl.metadata.name}:${DATABASE_PORT} is ${open ? 'open but must be closed' : 'closed but must be open'}`);
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
console.log(`ok   ${overlay}: ${objects.length} objects valid (${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}); no placeholder left, security rules and network paths hold`);
