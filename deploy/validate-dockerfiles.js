#!/usr/bin/env node
// Offline checks of the Dockerfiles, the root .dockerignore and the image builds in
// docker-compose.yml (called by deploy/validate.sh). Usage: node validate-dockerfiles.js REPO_ROOT
//
//  - dockerfile-utils' linter (the one behind the VS Code Docker extension) reports no problem;
//  - every FROM names an exact tag or a digest (no :latest, no untagged image);
//  - the last stage runs as a numeric, non-root USER;
//  - one Dockerfile pair, deploy/container/Dockerfile.native and Dockerfile.jvm, builds every
//    service (one place to review, three images): SERVICE is a build argument without a default,
//    and no service keeps a Dockerfile of its own under <service>/src/main/docker;
//  - docker-compose.yml builds each service from that pair with SERVICE set to the service's own
//    name, the one its image is named after;
//  - .dockerignore is an allow-list (starts by ignoring everything).
'use strict';

const fs = require('fs');
const path = require('path');
const { validate } = require('dockerfile-utils');
const { DockerfileParser } = require('dockerfile-ast');
const YAML = require('yaml');

const root = process.argv[2];
const SERVICES = ['incidents-service', 'investments-service', 'diplomacy-service'];
const VARIANTS = ['Dockerfile.native', 'Dockerfile.jvm'];
const problems = [];

const SERVICE_DOCKERFILES = VARIANTS.map((v) => `deploy/container/${v}`);
const files = [...SERVICE_DOCKERFILES, 'deploy/compose/Dockerfile.integration-tests'];

for (const rel of files) {
  const file = path.join(root, rel);
  if (!fs.existsSync(file)) {
    problems.push(`${rel}: missing`);
    continue;
  }
  const text = fs.readFileSync(file, 'utf8');
  for (const d of validate(text)) {
    problems.push(`${rel}:${d.range.start.line + 1}: ${d.message}`);
  }
  const dockerfile = DockerfileParser.parse(text);
  const stageNames = new Set(dockerfile.getFROMs().map((f) => f.getBuildStage()).filter(Boolean));
  for (const from of dockerfile.getFROMs()) {
    const image = from.getImage();
    if (stageNames.has(image)) continue;
    const line = from.getRange().start.line + 1;
    // A digest, or a tag naming one build: a version of three or more parts (1.24-2.1777977960,
    // 25.0.3.0-Final-java25). Two-part tags such as 1.24 or 2.0 are re-pointed at every rebuild.
    const tag = (image.replace(/^[^/]+:\d+\//, '').match(/:([A-Za-z0-9._-]+)$/) || [])[1] || '';
    const pinned = /@sha256:[0-9a-f]{64}$/.test(image) || /^\d+(\.\d+)+([.-][A-Za-z0-9]+)+$/.test(tag);
    if (!pinned || /:latest$/.test(image) || image.includes('$')) {
      problems.push(`${rel}:${line}: base image ${image} must be pinned to an exact tag or digest`);
    }
  }
  // The USER in force in the final stage.
  const instructions = dockerfile.getInstructions();
  const lastFrom = dockerfile.getFROMs().slice(-1)[0];
  const finalStage = instructions.filter((i) => i.getRange().start.line >= lastFrom.getRange().start.line);
  const users = finalStage.filter((i) => i.getKeyword() === 'USER');
  const user = users.length ? users[users.length - 1].getArgumentsContent().trim() : '';
  const uid = user.split(':')[0];
  if (!/^\d+$/.test(uid) || uid === '0') problems.push(`${rel}: final stage must run as a numeric non-root USER (found '${user || 'none'}')`);

  if (SERVICE_DOCKERFILES.includes(rel)) {
    const isServiceArg = (i) => i.getKeyword() === 'ARG' && /^SERVICE\b/.test(i.getArgumentsContent().trim());
    const args = instructions.filter(isServiceArg);
    if (!args.length) problems.push(`${rel}: must take the service as a build argument (ARG SERVICE)`);
    // An ARG is scoped to its stage: a stage that uses ${SERVICE} without declaring it gets ''.
    const froms = dockerfile.getFROMs();
    froms.forEach((from, k) => {
      const start = from.getRange().start.line;
      const end = k + 1 < froms.length ? froms[k + 1].getRange().start.line : Infinity;
      const stage = instructions.filter((i) => i.getRange().start.line > start && i.getRange().start.line < end);
      if (stage.some((i) => !isServiceArg(i) && /\$\{?SERVICE\b/.test(i.getArgumentsContent() || '')) && !stage.some(isServiceArg)) {
        problems.push(`${rel}:${start + 1}: this stage uses \${SERVICE} but does not declare ARG SERVICE`);
      }
    });
    for (const a of args) {
      if (a.getArgumentsContent().includes('=')) {
        problems.push(`${rel}:${a.getRange().start.line + 1}: ARG SERVICE must have no default (a forgotten --build-arg would build that service)`);
      }
    }
  }
}

// The pair replaced per-service copies; one left behind (or added) would be built by nobody and
// drift from the real ones.
for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
  const dir = path.join(entry.name, 'src/main/docker');
  if (!entry.isDirectory() || !fs.existsSync(path.join(root, dir))) continue;
  for (const f of fs.readdirSync(path.join(root, dir)).filter((n) => n.startsWith('Dockerfile'))) {
    problems.push(`${dir}/${f}: services are built from ${SERVICE_DOCKERFILES.join(' and ')} with --build-arg SERVICE; remove this copy`);
  }
}

// Compose: each service image from the pair, SERVICE matching the service it is named after.
// (Variables such as ${CORRIDORWATCH_VARIANT:-native} stay unexpanded: only the prefix is checked.)
const compose = YAML.parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
for (const svc of SERVICES) {
  const s = (compose.services || {})[svc];
  const build = (s && s.build) || {};
  if (!s) {
    problems.push(`docker-compose.yml: no service ${svc}`);
  } else if (!String(build.dockerfile || '').startsWith('deploy/container/Dockerfile.')) {
    problems.push(`docker-compose.yml: ${svc} must be built from deploy/container/Dockerfile.<variant> (found ${build.dockerfile})`);
  } else if ((build.args || {}).SERVICE !== svc) {
    problems.push(`docker-compose.yml: ${svc} must be built with build arg SERVICE: ${svc} (found ${(build.args || {}).SERVICE})`);
  } else if (!String(s.image || '').startsWith(`ghcr.io/corridorwatch/${svc}:`)) {
    problems.push(`docker-compose.yml: ${svc}'s image ${s.image} must be ghcr.io/corridorwatch/${svc}:<tag>`);
  }
}

const ignoreFile = path.join(root, '.dockerignore');
if (!fs.existsSync(ignoreFile)) {
  problems.push('.dockerignore: missing');
} else {
  const first = fs.readFileSync(ignoreFile, 'utf8').split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('#'));
  if (first !== '*') problems.push(".dockerignore: must be an allow-list starting with '*'");
}

if (problems.length) {
  for (const p of problems) console.error(`FAIL ${p}`);
  process.exit(1);
}
console.log(`ok   Dockerfiles: ${files.length} files lint clean, bases pinned, non-root final stages; one pair builds all ${SERVICES.length} services (compose passes SERVICE); .dockerignore is an allow-list`);
