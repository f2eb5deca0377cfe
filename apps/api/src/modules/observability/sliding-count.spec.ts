import { SlidingCount } from './sliding-count';

describe('SlidingCount', () => {
  let now: number;
  const count = () => new SlidingCount(60, () => now);

  beforeEach(() => (now = 1_000_000_000_000));

  it('counts the events of the last 60 seconds as a rate per second', () => {
    const window = count();
    for (let i = 0; i < 30; i += 1) window.add();
    now += 59_000;
    window.add(30);
    expect(window.total()).toBe(60);
    expect(window.perSecond()).toBe(1);
  });

  it('forgets events once they are more than 60 seconds old', () => {
    const window = count();
    window.add(5);
    now += 30_000;
    window.add(2);
    now += 30_000;
    expect(window.total()).toBe(2);
    now += 30_000;
    expect(window.total()).toBe(0);
    expect(window.perSecond()).toBe(0);
  });

  it('starts a reused bucket afresh after a long quiet spell', () => {
    const window = count();
    window.add(7);
    now += 3_600_000;
    window.add(1);
    expect(window.total()).toBe(1);
  });
});
