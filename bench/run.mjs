#!/usr/bin/env node
/**
 * `npm run bench [-- --quick] [-- --db postgres | sqlite,postgres] [-- --compare <other build's main.js>]`
 *
 * Starts the production build of the API (dist/apps/api/main.js; it builds nothing), a bare Socket.IO
 * server and two load processes, and measures: capacity (open-loop steps, groups of 4 and 1-on-1s),
 * fan-out to a group of 256, idle sockets, the first reads of a client (GET /conversations of a user with 50
 * conversations and history, against the compared build too), REST, login, and a raw SQLite insert loop. Writes
 * bench/results/<mode>.{json,md,svg}. See README.md, "Performance".
 */
import autocannon from 'autocannon';
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConversation, createUsers, PASSWORD } from './lib/api.mjs';
import { sqliteForComparedBuild } from './lib/compare-db.mjs';
import { cpuPercent, processSample } from './lib/proc.mjs';
import { rawInsertRates } from './lib/raw-insert.mjs';
import { readsBench, setUpReader } from './lib/reads-bench.mjs';
import { searchBench, searchMarkdown } from './lib/search-bench.mjs';
import { latencyChart, markdownReport, stepLine, summaryRows } from './lib/report.mjs';
import { sideBySideMarkdown, sideBySideRows } from './lib/side-by-side.mjs';
import { startApi, startBare, startWorkers } from './lib/servers.mjs';
import { sleep, summarize } from './lib/stats.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const options = {
    quick: false,
    dbs: ['sqlite'],
    api: join(ROOT, 'dist/apps/api/main.js'),
    compare: null,
    out: join(ROOT, 'bench/results'),
    only: null,
    searchMessages: 1_000_000,
    searchConversations: 1000,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--db') options.dbs = argv[++i].split(',');
    else if (arg === '--api') options.api = resolve(argv[++i]);
    else if (arg === '--compare') options.compare = resolve(argv[++i]);
    else if (arg === '--out') options.out = resolve(argv[++i]);
    else if (arg === '--only') options.only = argv[++i].split(',');
    else if (arg === '--steps') options.steps = argv[++i].split(',').map(Number);
    else if (arg === '--report') options.report = resolve(argv[++i]);
    else if (arg === '--search-messages') options.searchMessages = Number(argv[++i]);
    else if (arg === '--search-conversations') options.searchConversations = Number(argv[++i]);
    else
      throw new Error(
        `unknown argument ${arg} (use --quick, --db sqlite|postgres|sqlite,postgres, --api <main.js>, --compare <main.js>, --out <dir>, --only idle,fanout,capacity,reads,rest,login,raw,search, --search-messages N, --search-conversations N, --steps 1000,2000,…, --report <result.json>)`,
      );
  }
  if (
    options.dbs.length === 0 ||
    options.dbs.some((db) => !['sqlite', 'postgres'].includes(db)) ||
    new Set(options.dbs).size < options.dbs.length
  )
    throw new Error('--db is sqlite, postgres, or both (sqlite,postgres: one after the other in one sitting, reported side by side)');
  return options;
}

const PLANS = {
  full: {
    steps: [250, 500, 1000, 2000, 3000, 4000, 5000, 6000, 8000, 10000, 12000, 16000],
    stepMs: 4000,
    drainMs: 8000,
    fanoutMessages: 100,
    idleSockets: 5000,
    restSeconds: 5,
    loginSeconds: 5,
    rawSeconds: 2,
  },
  quick: {
    steps: [500, 2000, 4000, 8000],
    stepMs: 1500,
    drainMs: 4000,
    fanoutMessages: 25,
    idleSockets: 1000,
    restSeconds: 2,
    loginSeconds: 2,
    rawSeconds: 1,
  },
};
const USERS = 256;
const CAPACITY_CLIENTS = 200;
const WORKERS = 2;
const P99_TARGET_MS = 50;

const log = (line) => process.stdout.write(`${line}\n`);

/** Splits conversations over the load processes; each gets whole conversations, its sockets local. */
function partition(conversations) {
  return Array.from({ length: WORKERS }, (_, w) => {
    const mine = conversations.filter((_, i) => i % WORKERS === w);
    const clients = [];
    const local = mine.map((conversation) => ({
      id: conversation.id,
      members: conversation.members.map((user) => clients.push(user) - 1),
    }));
    return { clients, conversations: local };
  });
}

/**
 * One capacity sweep of a layout over several servers: their sockets are all connected, and the servers take turns at
 * each offered rate, so that a noisy machine weighs on each of them alike. A server leaves the sweep once it no longer
 * holds its rate.
 */
async function sweep(workers, targets, layoutName, conversations, plan, runTag) {
  const parts = partition(conversations);
  const senders = parts.map((part) => part.conversations.reduce((sum, c) => sum + c.members.length, 0));
  const total = senders.reduce((a, b) => a + b, 0);
  const setOf = (target) => `cap-${layoutName}-${target.name}`;
  for (const target of targets) {
    const clientsOf = (part) => part.clients.map((user) => ({ userId: user.userId, token: target.tokenOf(user) }));
    const connected = await Promise.all(
      workers.map((worker, w) =>
        worker.call('connect', { set: setOf(target), url: target.url, clients: clientsOf(parts[w]), concurrency: 50 }),
      ),
    );
    const failed = connected.reduce((sum, c) => sum + c.failed, 0);
    if (failed > 0)
      throw new Error(`${failed} sockets could not connect to ${target.name}: ${connected.find((c) => c.firstError)?.firstError}`);
  }
  // Warm-up, not recorded: the JIT compiles the send path and the garbage of earlier scenarios is collected.
  for (const target of targets)
    await capacityStep(
      workers,
      target,
      setOf(target),
      layoutName,
      parts,
      senders,
      total,
      plan.steps[0],
      { ...plan, stepMs: 1000 },
      `${runTag}w`,
    );
  const results = [];
  const failedInRow = new Map(targets.map((target) => [target, 0]));
  await sleep(500);
  for (const rate of plan.steps) {
    for (const target of targets) {
      if (!failedInRow.has(target)) continue;
      let step = await capacityStep(workers, target, setOf(target), layoutName, parts, senders, total, rate, plan, runTag);
      results.push(step);
      log(stepLine(step));
      if (!step.held && step.ackedRate >= 0.8 * rate) {
        // A near miss gets a second try after a pause: on a shared machine one burst of someone else's work can spoil a step.
        await sleep(1000);
        step = await capacityStep(workers, target, setOf(target), layoutName, parts, senders, total, rate, plan, runTag);
        step.attempt = 2;
        results.push(step);
        log(stepLine(step));
      }
      const misses = step.held ? 0 : failedInRow.get(target) + 1;
      failedInRow.set(target, misses);
      // Past saturation every further step only piles up a backlog: stop when the acks fall behind, or at two missed rates in a row.
      if (!step.held && (misses >= 2 || step.ackedRate < 0.8 * rate)) {
        failedInRow.delete(target);
      }
      await sleep(300);
    }
    if (failedInRow.size === 0) break;
  }
  for (const target of targets) await Promise.all(workers.map((worker) => worker.call('close', { set: setOf(target) })));
  await sleep(500);
  return results;
}

/** Numbers every step, so that no two steps ever send the same message ids (a repeated id is an idempotent replay). */
let stepCounter = 0;

async function capacityStep(workers, target, set, layoutName, parts, senders, total, rate, plan, runTag) {
  const before = processSample(target.pid);
  let atWindowEnd = null;
  const timer = setTimeout(() => (atWindowEnd = processSample(target.pid)), plan.stepMs);
  const outcomes = await Promise.all(
    workers.map((worker, w) =>
      worker.call('capacity', {
        set,
        conversations: parts[w].conversations,
        rate: (rate * senders[w]) / total,
        durationMs: plan.stepMs,
        drainMs: plan.drainMs,
        tag: `${runTag}-${target.name}-${layoutName}-${rate}-${++stepCounter}-${w}`.replace(/[^A-Za-z0-9_.:-]/g, ''),
      }),
    ),
  );
  clearTimeout(timer);
  atWindowEnd ??= processSample(target.pid);
  const sum = (key) => outcomes.reduce((acc, o) => acc + o[key], 0);
  const seconds = Math.max(...outcomes.map((o) => o.windowSeconds));
  const step = {
    server: target.name,
    layout: layoutName,
    offered: rate,
    sent: sum('sent'),
    ackedRate: sum('ackedInWindow') / seconds,
    deliveredRate: sum('deliveriesInWindow') / seconds,
    deliver: summarize(outcomes.flatMap((o) => o.deliverMs)),
    ack: summarize(outcomes.flatMap((o) => o.ackMs)),
    errors: sum('errors'),
    firstError: outcomes.find((o) => o.firstError)?.firstError ?? null,
    unacked: sum('unacked'),
    lost: sum('lost'),
    duplicates: sum('duplicates'),
    cpuPercent: cpuPercent(before, atWindowEnd),
    // CPU time per acknowledged message: less swayed by a busy machine than latency is.
    cpuMsPerMessage: ((atWindowEnd.ticks - before.ticks) * 10) / Math.max(1, sum('ackedInWindow')),
    rssKiB: atWindowEnd.rssKiB,
  };
  step.held =
    step.deliver.p99 !== null &&
    step.deliver.p99 < P99_TARGET_MS &&
    step.errors + step.unacked + step.lost + step.duplicates === 0 &&
    step.ackedRate >= 0.9 * rate;
  return step;
}

/**
 * CPU ms per message of each server in the groups-of-4 sweep, at the highest offered rate that the product and the
 * bare server both held: a figure a busy machine sways far less than latency, since each process's CPU time is its own.
 */
export function cpuPerMessageAtSharedRate(steps) {
  const groups = steps.filter((s) => s.layout === 'groups of 4');
  const held = (server) => new Set(groups.filter((s) => s.server === server && s.held).map((s) => s.offered));
  const bareHeld = held('bare Socket.IO');
  const rate = Math.max(0, ...[...held('product')].filter((r) => bareHeld.has(r)));
  if (rate === 0) return null;
  const at = (server) => groups.find((s) => s.server === server && s.offered === rate)?.cpuMsPerMessage ?? null;
  return { rate, product: at('product'), bare: at('bare Socket.IO'), compared: at('compared build') };
}

const capacityOf = (steps) => Math.max(0, ...steps.filter((s) => s.held).map((s) => s.offered));

/** Connects `count` idle sockets spread over the users and the load processes; RSS growth of the server per socket. */
async function idleSockets(workers, target, users, count) {
  await sleep(1000);
  const before = processSample(target.pid);
  const perWorker = Math.ceil(count / WORKERS);
  const started = performance.now();
  const outcomes = await Promise.all(
    workers.map((worker, w) => {
      const clients = Array.from(
        { length: Math.min(perWorker, count - w * perWorker) },
        (_, i) => users[(w * perWorker + i) % users.length],
      ).map((user) => ({ userId: user.userId, token: target.tokenOf(user) }));
      return worker.call('connect', { set: 'idle', url: target.url, clients, concurrency: 50 });
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await sleep(3000);
  const after = processSample(target.pid);
  const connected = outcomes.reduce((sum, o) => sum + o.connected, 0);
  await Promise.all(workers.map((worker) => worker.call('close', { set: 'idle' })));
  const result = {
    server: target.name,
    requested: count,
    connected,
    failed: count - connected,
    firstError: outcomes.find((o) => o.firstError)?.firstError ?? null,
    connectRate: connected / seconds,
    rssBeforeKiB: before.rssKiB,
    rssAfterKiB: after.rssKiB,
    perSocketKiB: (after.rssKiB - before.rssKiB) / Math.max(1, connected),
  };
  log(
    `idle sockets  server=${target.name}  connected=${connected}/${count}  connect rate=${Math.round(result.connectRate)}/s  RSS ${Math.round(before.rssKiB / 1024)} → ${Math.round(after.rssKiB / 1024)} MiB  per socket=${result.perSocketKiB.toFixed(1)} KiB`,
  );
  await sleep(3000);
  return result;
}

/** One sender to a group of all users; all its sockets in one load process, so "the last member has it" is read on one clock. */
async function fanOut(worker, url, users, conversationId, plan, runTag) {
  await worker.call('connect', {
    set: 'fan',
    url,
    clients: users.map((user) => ({ userId: user.userId, token: user.token })),
    concurrency: 50,
  });
  await sleep(500);
  const fan = await worker.call('fanout', {
    set: 'fan',
    conversationId,
    messages: plan.fanoutMessages,
    intervalMs: 30,
    tag: `${runTag}-fan`,
  });
  await worker.call('close', { set: 'fan' });
  const fanout = {
    members: users.length,
    messages: plan.fanoutMessages,
    last: summarize(fan.lastMs),
    any: summarize(fan.allMs),
    lost: fan.lost,
  };
  log(
    `fan-out to ${users.length}: last member p50 ${fanout.last.p50} ms, p99 ${fanout.last.p99} ms; any member p99 ${fanout.any.p99} ms; lost ${fan.lost}`,
  );
  return fanout;
}

async function cannon(name, options) {
  const result = await autocannon({ ...options, connections: options.connections ?? 10 });
  const failures = result.errors + result.timeouts + result.non2xx;
  const row = {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures,
    requests: result.requests.total,
  };
  log(`REST  ${name}  ${Math.round(row.rps)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  failures ${failures}`);
  return row;
}

async function createPostgresDatabase() {
  const { default: pg } = await import('pg');
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('--db postgres needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');
  const name = `pneumatic_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const benchUrl = new URL(url);
  benchUrl.pathname = `/${name}`;
  return {
    url: benchUrl.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** `--report <result.json>`: renders a saved result's Markdown and chart again, measuring nothing. */
function rerender(path) {
  const result = JSON.parse(readFileSync(path, 'utf8'));
  result.summary.cpuPerMessage ??= cpuPerMessageAtSharedRate(result.steps);
  const base = path.replace(/\.json$/, '');
  writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdownReport(result));
  writeFileSync(`${base}.svg`, latencyChart(result.steps));
  log(`written: ${base}.md, .svg`);
}

/**
 * The whole plan on one database (`options.db`): its own API process, load processes and bare server, its own
 * PostgreSQL database or SQLite file. Writes bench/results/<mode>[-postgres].* and returns the result.
 */
async function measure(options, mode, plan, temp, cleanups, runTag) {
  const startedAt = performance.now();
  // Search measures a database of its own (a million messages); it runs when asked for by name.
  if (options.only?.includes('search')) {
    const result = await searchBench({
      main: options.api,
      db: options.db,
      messages: options.searchMessages,
      conversations: options.searchConversations,
      seconds: options.quick ? 2 : 5,
      temp,
      createPostgresDatabase,
      cleanups,
      log,
    });
    mkdirSync(options.out, { recursive: true });
    const base = join(options.out, options.db === 'sqlite' ? 'search' : `search-${options.db}`);
    writeFileSync(
      `${base}.json`,
      `${JSON.stringify({ ...result, finishedAt: new Date().toISOString(), node: process.version, cpus: cpus().length }, null, 2)}\n`,
    );
    writeFileSync(`${base}.md`, searchMarkdown(result));
    log(`written: ${base}.json, .md`);
    if (options.only.length === 1) return null;
  }
  let dbEnv;
  let sqlitePath = null;
  if (options.db === 'postgres') {
    const database = await createPostgresDatabase();
    cleanups.unshift(database.drop);
    dbEnv = { DATABASE_URL: database.url };
  } else {
    sqlitePath = join(temp, 'bench.sqlite');
    dbEnv = { SQLITE_PATH: sqlitePath };
  }
  log(`Pneumatic Chat bench, ${mode} mode, ${options.db}, API ${options.api}`);
  const api = await startApi(options.api, dbEnv);
  cleanups.unshift(() => api.stop());
  const workers = startWorkers(WORKERS);
  cleanups.unshift(() => Promise.all(workers.map((worker) => worker.stop())));

  const setupStarted = performance.now();
  const users = await createUsers(api.url, USERS, `b${runTag}u`);
  const capacityUsers = users.slice(0, CAPACITY_CLIENTS);
  const groups = [];
  for (let i = 0; i < capacityUsers.length; i += 4) {
    const members = capacityUsers.slice(i, i + 4);
    groups.push({ id: await createConversation(api.url, members[0], members.slice(1), true), members });
  }
  const directs = [];
  for (let i = 0; i < capacityUsers.length; i += 2) {
    const members = capacityUsers.slice(i, i + 2);
    directs.push({ id: await createConversation(api.url, members[0], members.slice(1), false), members });
  }
  const fanoutId = await createConversation(api.url, users[0], users.slice(1), true);
  const wants = (scenario) => options.only === null || options.only.includes(scenario);
  // Before the compared build copies the database, so that both read the same conversations.
  const readerSetup = wants('reads') ? await setUpReader(api.url, users.slice(1), `b${runTag}r`) : null;
  log(
    `set-up: ${USERS} users signed up and logged in, ${groups.length} groups of 4, ${directs.length} 1-on-1s, 1 group of ${USERS} in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
  );

  const layoutPath = join(temp, 'layout.json');
  const layout = Object.fromEntries(
    [...groups, ...directs, { id: fanoutId, members: users }].map((c) => [c.id, c.members.map((u) => u.userId)]),
  );
  writeFileSync(layoutPath, JSON.stringify(layout));
  const bare = await startBare(layoutPath);
  cleanups.unshift(() => bare.stop());

  const product = () => ({ name: 'product', url: api.url, pid: api.pid, tokenOf: (user) => user.token });
  const bareTarget = { name: 'bare Socket.IO', url: bare.url, pid: bare.pid, tokenOf: (user) => user.userId };

  const idle = wants('idle') ? await idleSockets(workers, product(), users, plan.idleSockets) : null;
  const bareIdle = wants('idle') ? await idleSockets(workers, bareTarget, users, plan.idleSockets) : null;

  const fanout = wants('fanout') ? await fanOut(workers[0], api.url, users, fanoutId, plan, runTag) : null;
  const targets = [product()];
  let compared = null;
  if (options.compare) {
    // The other build on a copy of the same database, in the same sweep: the before/after pair shares the machine's mood.
    let compareEnv = dbEnv;
    if (sqlitePath) {
      compareEnv = { SQLITE_PATH: join(temp, 'compare.sqlite') };
      await sqliteForComparedBuild(options.compare, sqlitePath, compareEnv.SQLITE_PATH);
    }
    compared = await startApi(options.compare, compareEnv);
    cleanups.unshift(() => compared.stop());
    targets.push({ name: 'compared build', url: compared.url, pid: compared.pid, tokenOf: (user) => user.token });
  }
  targets.push(bareTarget);
  const steps = [];
  if (wants('capacity')) steps.push(...(await sweep(workers, targets, 'groups of 4', groups, plan, runTag)));
  const reads = readerSetup
    ? await readsBench(
        targets.filter((target) => target !== bareTarget),
        readerSetup,
        plan.restSeconds,
        log,
      )
    : [];
  if (compared) await compared.stop();
  const before = options.compare
    ? { label: options.compare.replace(`${ROOT}/`, ''), capacity: capacityOf(steps.filter((s) => s.server === 'compared build')) }
    : null;
  if (wants('capacity')) steps.push(...(await sweep(workers, [product(), bareTarget], '1-on-1', directs, plan, runTag)));

  const reader = users[0];
  const auth = { authorization: `Bearer ${reader.token}` };
  const rest = !wants('rest')
    ? []
    : [
        await cannon('GET /conversations/{id}/messages', {
          url: `${api.url}/conversations/${groups[0].id}/messages`,
          headers: auth,
          duration: plan.restSeconds,
        }),
        await cannon('GET /conversations', { url: `${api.url}/conversations`, headers: auth, duration: plan.restSeconds }),
      ];
  const loginRow = !wants('login')
    ? null
    : await cannon('POST /auth/login', {
        url: `${api.url}/auth/login`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: reader.username, password: PASSWORD }),
        duration: plan.loginSeconds,
        connections: 4,
      });

  await api.stop();
  await bare.stop();
  // The next database's run starts load processes of its own.
  await Promise.all(workers.map((worker) => worker.stop()));
  let rawInsert = null;
  if (sqlitePath && wants('raw')) {
    rawInsert = rawInsertRates(sqlitePath, groups[0].id, groups[0].members[0].userId, plan.rawSeconds);
    log(
      `raw insert loop: ${rawInsert.perMessageCommit} msg/s with one commit per message, ${rawInsert.hundredPerCommit} msg/s with 100 per commit`,
    );
  }

  const pick = (server, layoutName) => capacityOf(steps.filter((s) => s.server === server && s.layout === layoutName));
  const summary = {
    capacityGroups: pick('product', 'groups of 4'),
    capacityDirects: pick('product', '1-on-1'),
    bareGroups: pick('bare Socket.IO', 'groups of 4'),
    bareDirects: pick('bare Socket.IO', '1-on-1'),
    rawInsert,
    fanout,
    idle,
    bareIdle,
    reads,
    rest,
    login: loginRow,
    before,
  };
  summary.ratioBareGroups = summary.bareGroups ? summary.capacityGroups / summary.bareGroups : null;
  summary.ratioBareDirects = summary.bareDirects ? summary.capacityDirects / summary.bareDirects : null;
  summary.ratioRawInsert = rawInsert ? summary.capacityGroups / rawInsert.perMessageCommit : null;
  summary.cpuPerMessage = cpuPerMessageAtSharedRate(steps);
  const result = {
    meta: {
      mode,
      db: options.db,
      api: options.api.replace(`${ROOT}/`, ''),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown CPU',
      workers: WORKERS,
      stepSeconds: plan.stepMs / 1000,
      finishedAt: new Date().toISOString(),
      seconds: (performance.now() - startedAt) / 1000,
    },
    summary,
    steps,
  };
  mkdirSync(options.out, { recursive: true });
  const base = join(options.out, options.db === 'sqlite' ? mode : `${mode}-${options.db}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdownReport(result));
  writeFileSync(`${base}.svg`, latencyChart(steps));
  log('');
  for (const [measure, value] of summaryRows(result)) log(`${measure.padEnd(78)} ${value}`);
  log(`\nwritten: ${base}.json, .md, .svg (${result.meta.seconds.toFixed(0)} s)`);
  return result;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.report) return rerender(options.report);
  const mode = options.quick ? 'quick' : 'full';
  const plan = { ...PLANS[mode], ...(options.steps ? { steps: options.steps } : {}) };
  for (const main of [options.api, options.compare].filter(Boolean)) {
    if (!existsSync(main)) {
      throw new Error(`${main} does not exist. The bench builds nothing: build the API first (npm run build, or npx nx run api:build).`);
    }
  }
  const fdLimit = Number(execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim());
  if (plan.idleSockets + 500 > fdLimit) {
    log(`note: open-file limit ${fdLimit} is below ${plan.idleSockets + 500}; idle sockets reduced (raise it with ulimit -n)`);
    plan.idleSockets = Math.max(100, fdLimit - 500);
  }
  if (options.dbs.includes('postgres') && !process.env.DATABASE_URL)
    throw new Error('--db postgres needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');
  const runTag = Date.now().toString(36);
  const temp = mkdtempSync(join(tmpdir(), 'pneumatic-bench-'));
  const cleanups = [() => rmSync(temp, { recursive: true, force: true })];
  // Interrupted: still stop every server and load process this run started, and remove its files.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      for (const cleanup of cleanups)
        await Promise.resolve()
          .then(cleanup)
          .catch(() => {});
      process.exit(130);
    });
  }
  try {
    const results = [];
    for (const db of options.dbs) {
      const result = await measure({ ...options, db }, mode, plan, temp, cleanups, runTag);
      if (result) results.push(result);
    }
    if (results.length > 1) {
      const base = join(options.out, `${mode}-${options.dbs.join('-')}`);
      writeFileSync(`${base}.json`, `${JSON.stringify({ runs: results }, null, 2)}\n`);
      writeFileSync(`${base}.md`, sideBySideMarkdown(results));
      log('');
      for (const row of sideBySideRows(results)) log(`${row[0].padEnd(70)} ${row.slice(1).join('  |  ')}`);
      log(`\nwritten: ${base}.json, .md`);
    }
  } finally {
    for (const cleanup of cleanups)
      await Promise.resolve()
        .then(cleanup)
        .catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
