/**
 * The reads every client makes first, on start and on every reconnect: `GET /conversations` for a user with
 * READER_CONVERSATIONS conversations, each with a last message, and a page of history of one of them. Measured on
 * every server given (the product and, with --compare, the compared build on a copy of the same data), taking
 * turns, so that a before/after pair shares the machine's mood.
 */
import autocannon from 'autocannon';
import { createConversation, createUsers } from './api.mjs';
import { processSample } from './proc.mjs';

export const READER_CONVERSATIONS = 50;
/** Enough for the default page (50) to say has_more, with replies whose originals it must join. */
const HISTORY_MESSAGES = 120;
const GROUPS = 15;
/** Short turns, many of them: on a shared machine a burst of someone else's work then spoils one turn, not a whole side. */
const ROUNDS = 5;

async function send(url, sender, conversationId, messageId, content, replyToId) {
  const response = await fetch(`${url}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sender.token}` },
    body: JSON.stringify({
      conversation_id: conversationId,
      message_id: messageId,
      content,
      ...(replyToId ? { reply_to_id: replyToId } : {}),
    }),
  });
  if (response.status !== 201) throw new Error(`POST /messages answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return response.json();
}

/**
 * A new user in READER_CONVERSATIONS conversations with `others` (1-on-1s, and GROUPS groups of 4), each ending with
 * a message from someone else (so it counts unread), and HISTORY_MESSAGES messages in the first.
 */
export async function setUpReader(url, others, tag) {
  if (others.length < READER_CONVERSATIONS + 2) throw new Error(`the reader needs ${READER_CONVERSATIONS + 2} other users`);
  const [reader] = await createUsers(url, 1, `${tag}reader`);
  const conversations = [];
  for (let i = 0; i < READER_CONVERSATIONS; i++) {
    const group = i >= READER_CONVERSATIONS - GROUPS;
    const members = group ? [others[i], others[i + 1], others[i + 2]] : [others[i]];
    conversations.push({ id: await createConversation(url, reader, members, group), other: others[i] });
  }
  const history = conversations[0];
  let previous = null;
  for (let n = 1; n <= HISTORY_MESSAGES; n++) {
    const sender = n % 2 === 0 ? reader : history.other;
    const replyTo = n % 10 === 0 ? previous?.id : undefined;
    previous = await send(url, sender, history.id, `${tag}-h${n}`, `history message ${n} ${'lorem ipsum '.repeat(n % 7)}`, replyTo);
  }
  for (const [i, conversation] of conversations.entries()) {
    if (i > 0) await send(url, conversation.other, conversation.id, `${tag}-last${i}`, `the last word in conversation ${i}`);
  }
  return { reader, historyId: history.id };
}

/** Checks that a server answers the reader's reads in full, so that a fast failure is never measured as a fast read. */
async function checkAnswers(target, setup) {
  const headers = { authorization: `Bearer ${target.tokenOf(setup.reader)}` };
  const list = await (await fetch(`${target.url}/conversations`, { headers })).json();
  const withLast = (list.conversations ?? []).filter((c) => c.last_message !== null).length;
  if (withLast !== READER_CONVERSATIONS)
    throw new Error(`${target.name}: GET /conversations lists ${withLast} conversations with a last message`);
  const page = await (await fetch(`${target.url}/conversations/${setup.historyId}/messages`, { headers })).json();
  if (page.messages?.length !== 50 || page.has_more !== true)
    throw new Error(`${target.name}: the history page is not 50 messages with more`);
}

/** `connections` (ten) each sending its next request as soon as the last is answered; and the server's CPU time per request. */
async function cannon(target, path, headers, seconds, connections = 10) {
  const before = processSample(target.pid);
  const result = await autocannon({ url: `${target.url}${path}`, headers, duration: seconds, connections });
  const after = processSample(target.pid);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
    cpuMsPerRequest: ((after.ticks - before.ticks) * 10) / Math.max(1, result.requests.total),
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Each read on each target, ROUNDS times in turn after an unrecorded warm-up; a row per target and read with the
 * median of its rounds (requests/s, p50, p99, server CPU per request).
 */
export async function readsBench(targets, setup, seconds, log) {
  const reads = [
    ['GET /conversations (50)', '/conversations'],
    ['GET /conversations/{id}/messages', `/conversations/${setup.historyId}/messages`],
  ];
  for (const target of targets) await checkAnswers(target, setup);
  const rounds = new Map();
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [name, path] of reads) {
      for (const target of targets) {
        const headers = { authorization: `Bearer ${target.tokenOf(setup.reader)}` };
        const measured = await cannon(target, path, headers, round === 0 ? 1 : seconds);
        if (round === 0) continue;
        const key = `${target.name}\n${name}`;
        rounds.set(key, [...(rounds.get(key) ?? []), measured]);
        log(
          `reads  ${target.name}  ${name}  ${Math.round(measured.rps)} req/s  p50 ${measured.p50} ms  p99 ${measured.p99} ms  ` +
            `CPU ${measured.cpuMsPerRequest.toFixed(2)} ms/request  failures ${measured.failures}`,
        );
      }
    }
  }
  // One request at a time: the latency of a read itself, where ten connections measure mostly their own queue.
  const alone = new Map();
  for (const [name, path] of reads) {
    for (const target of targets) {
      const measured = await cannon(target, path, { authorization: `Bearer ${target.tokenOf(setup.reader)}` }, seconds, 1);
      alone.set(`${target.name}\n${name}`, measured);
      log(`reads  ${target.name}  ${name}  one connection: p50 ${measured.p50} ms  p99 ${measured.p99} ms  failures ${measured.failures}`);
    }
  }
  return [...rounds.entries()].map(([key, measured]) => {
    const [server, name] = key.split('\n');
    return {
      aloneP50: alone.get(key).p50,
      aloneP99: alone.get(key).p99,
      aloneFailures: alone.get(key).failures,
      server,
      name,
      rps: median(measured.map((m) => m.rps)),
      p50: median(measured.map((m) => m.p50)),
      p99: median(measured.map((m) => m.p99)),
      cpuMsPerRequest: median(measured.map((m) => m.cpuMsPerRequest)),
      turns: measured.map((m) => m.rps),
      failures: measured.reduce((sum, m) => sum + m.failures, 0),
      requests: measured.reduce((sum, m) => sum + m.requests, 0),
    };
  });
}

/** Summary rows: each read on the product, and against the compared build when there is one. */
export function readsRows(reads, fmt, int) {
  const of = (server, name) => reads.find((r) => r.server === server && r.name === name);
  const names = [...new Set(reads.map((r) => r.name))];
  return names.map((name) => {
    const product = of('product', name);
    const compared = of('compared build', name);
    const cell = (r) =>
      `${int(r.rps)} req/s, p99 ${fmt(r.p99, 1)} ms (one connection: ${fmt(r.aloneP99, 1)} ms), ` +
      `${fmt(r.cpuMsPerRequest, 2)} ms CPU/request${r.failures + r.aloneFailures ? `, ${r.failures + r.aloneFailures} failed` : ''}`;
    // Turn by turn (the two builds ran back to back): the load of the moment weighs on both sides of each ratio alike.
    const ratio = compared?.turns ? median(product.turns.map((rps, i) => rps / compared.turns[i])) : compared && product.rps / compared.rps;
    const value = compared ? `${cell(product)} (compared build: ${cell(compared)}; ×${fmt(ratio, 2)} req/s turn by turn)` : cell(product);
    return [`Reads (10 connections, median of ${ROUNDS} turns): ${name}`, value];
  });
}
