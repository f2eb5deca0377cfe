/** The few REST calls the bench needs to set up users and conversations. */

async function call(url, path, { method = 'GET', token, body } = {}) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

export const PASSWORD = 'bench-password-1';

/** Signs up and logs in `count` users, `concurrency` at a time (argon2 makes each one cost tens of ms). */
export async function createUsers(url, count, prefix, concurrency = 4) {
  const users = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      const username = `${prefix}${index}`;
      const user = await call(url, '/auth/signup', { method: 'POST', body: { username, password: PASSWORD } });
      const tokens = await call(url, '/auth/login', { method: 'POST', body: { username, password: PASSWORD } });
      users[index] = { userId: user.id, username, token: tokens.access_token };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return users;
}

/** Creates a group (more than two members, or `group: true`) or the 1-on-1 of a pair; returns its id. */
export async function createConversation(url, owner, others, group) {
  const body = { member_ids: others.map((user) => user.userId), ...(group ? { is_group: true, title: 'bench' } : {}) };
  const conversation = await call(url, '/conversations', { method: 'POST', token: owner.token, body });
  return conversation.id;
}
